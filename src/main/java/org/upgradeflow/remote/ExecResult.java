package org.upgradeflow.remote;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a finished command left: exit status, bounded output (head and tail, see
 * {@link SshProperties#maxOutputBytes()}), the total sizes, and the step logs with the full text.
 *
 * @param host        the host name from the inventory
 * @param command     the command as shown to people (secrets masked)
 * @param exitStatus  the exit status; -1 when the command was ended by a signal
 * @param stdoutLog   full stdout after a header line block starting with '#'
 */
public record ExecResult(
    String host,
    String command,
    int exitStatus,
    String stdout,
    String stderr,
    long stdoutBytes,
    long stderrBytes,
    boolean truncated,
    Duration duration,
    Path stdoutLog,
    Path stderrLog) {

  public boolean ok() {
    return exitStatus == 0;
  }

  /** This result when the exit status is 0; otherwise an exception naming host, command and stderr tail. */
  public ExecResult requireSuccess() {
    if (!ok()) {
      String tail = stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr;
      throw new RemoteShellException("command on " + host + " exited with " + exitStatus + ": "
          + command + (tail.isBlank() ? "" : "; stderr: " + tail.strip()));
    }
    return this;
  }
}
