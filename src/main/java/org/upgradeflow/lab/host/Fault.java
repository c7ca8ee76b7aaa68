package org.upgradeflow.lab.host;

/** What an injected fault does to a command that matches it. */
public sealed interface Fault {

  /** The command does not run; it fails with this exit code and stderr text. */
  record Fail(int exitCode, String stderr) implements Fault {
  }

  /** The command never returns: it blocks until the client closes the channel or the job is killed. */
  record Hang() implements Fault {
  }

  /** The SSH session is closed while the command runs, without an exit status. */
  record Drop() implements Fault {
  }

  static Fault fail(int exitCode, String stderr) {
    return new Fail(exitCode, stderr);
  }

  static Fault hang() {
    return new Hang();
  }

  static Fault drop() {
    return new Drop();
  }
}
