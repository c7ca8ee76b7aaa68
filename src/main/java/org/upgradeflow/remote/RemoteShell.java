package org.upgradeflow.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The SSH port: everything a step does on a host goes through here.
 *
 * <pre>
 * ExecResult        exec(RemoteTarget target, ShellCommand command)
 * ExecResult        exec(RemoteTarget target, ShellCommand command, Duration timeout)
 * JobStart          startJob(RemoteTarget target, String jobId, ShellCommand command)
 * JobStatus         jobStatus(RemoteTarget target, String jobId, int tailLines)
 * InteractiveResult interact(RemoteTarget target, ShellCommand command, PromptScript script)
 * String            readFile(RemoteTarget target, String path)
 * FileEdit          editFile(RemoteTarget target, String path, UnaryOperator&lt;String&gt; change)
 * FileEdit          writeFile(RemoteTarget target, String path, String content)
 * UploadResult      upload(RemoteTarget target, Path localFile, String remotePath, Checksum checksum)
 * HostProbe         probe(RemoteTarget target)
 * HostProbe         awaitReboot(RemoteTarget target, String bootIdBefore, Duration timeout)
 * void              disconnect(RemoteTarget target)
 * </pre>
 *
 * <p>Targets come from {@link RemoteTarget#of(org.upgradeflow.environment.Environment, String)}.
 * Commands come from {@link ShellCommand#of(String, ShellArg...)}: a constant template and
 * typed, quoted values; there is no way to send a free-form shell string.
 *
 * <p>Contracts: host keys are checked against the environment's known_hosts file
 * ({@link HostKeyRejectedException} otherwise); one connection per host is shared and reopened
 * after a drop; a command is never re-sent automatically. Failures are
 * {@link RemoteShellException}s (unchecked) naming the host and the masked command; a non-zero
 * exit status is not an exception ({@link ExecResult#requireSuccess()}). Anything that may run
 * longer than a minute is a detached job: {@code startJob} then {@code jobStatus} from short
 * polls. Detached jobs run in the job directory ({@link SshProperties#jobRoot()}/jobId): use
 * absolute paths. Values of {@link ShellArg#secret} reach the target's process list; prefer
 * files (e.g. a MySQL defaults file written with {@code writeFile}) for passwords of tools.
 */
public interface RemoteShell {

  /** Runs the command with {@link SshProperties#commandTimeout()}. */
  ExecResult exec(RemoteTarget target, ShellCommand command);

  /**
   * Runs the command, draining stdout and stderr while it runs; the full output goes to step
   * logs, the result keeps a bounded head and tail.
   *
   * @throws CommandTimeoutException when it has not finished in time (it is sent a KILL signal)
   */
  ExecResult exec(RemoteTarget target, ShellCommand command, Duration timeout);

  /**
   * Starts the command detached from the connection, unless a job with this id was started
   * before on that host (then {@link JobStart#started()} is false and nothing runs).
   *
   * @param jobId {@code [A-Za-z0-9._-]+}; make it unique per run and step
   */
  JobStart startJob(RemoteTarget target, String jobId, ShellCommand command);

  /** Whether the job runs, its exit code once finished, and the last {@code tailLines} of its output. */
  JobStatus jobStatus(RemoteTarget target, String jobId, int tailLines);

  /**
   * Runs the command on a PTY and answers the expected prompts; any other prompt, silence or the
   * deadline fails with {@link PromptFailedException} carrying the transcript.
   */
  InteractiveResult interact(RemoteTarget target, ShellCommand command, PromptScript script);

  /** The file's content (UTF-8) over SFTP. */
  String readFile(RemoteTarget target, String path);

  /**
   * Edits a file in Java: read, change, and when the content differs: backup copy
   * {@code <path>.upgradeflow-<timestamp>.bak}, atomic write (temp file and rename, mode and
   * owner kept), read back and verify. An unchanged content writes nothing.
   */
  FileEdit editFile(RemoteTarget target, String path, UnaryOperator<String> change);

  /** Like {@link #editFile} with a fixed content; creates the file when it is missing. */
  FileEdit writeFile(RemoteTarget target, String path, String content);

  /**
   * Uploads a file (atomically, via {@link #partPath} as temp name) and verifies size and digest
   * on the target; skips the transfer when the remote file already has both.
   */
  UploadResult upload(RemoteTarget target, Path localFile, String remotePath, Checksum checksum);

  /**
   * The temp name an upload to {@code remotePath} writes before the rename: one per service node
   * (its host name), so two nodes of a cluster never write into the same part, and a restarted
   * node writes over its own part instead of leaving a second one behind.
   */
  static String partPath(String remotePath) {
    return remotePath + ".upgradeflow-part-" + NodeName.NAME;
  }

  /** Logs in on a fresh connection and reads the boot id; never throws for an unreachable host. */
  HostProbe probe(RemoteTarget target);

  /**
   * Blocks until the host has gone down or answers with a boot id other than {@code bootIdBefore}
   * (read with {@link #probe} before the reboot was asked for: a host that is back before the
   * first look here is still seen to have rebooted), and is reachable again. {@code bootIdBefore}
   * null: only a host seen down counts. For tests and tools; processes poll {@link #probe} from
   * timers instead.
   */
  HostProbe awaitReboot(RemoteTarget target, String bootIdBefore, Duration timeout);

  /** Closes the shared connection to the host, if any. */
  void disconnect(RemoteTarget target);
}
