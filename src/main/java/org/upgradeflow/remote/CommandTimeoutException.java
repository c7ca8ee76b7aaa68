package org.upgradeflow.remote;

import java.time.Duration;

/** A command did not finish in time; the message names host and masked command. */
public class CommandTimeoutException extends RemoteShellException {

  CommandTimeoutException(RemoteTarget target, ShellCommand command, Duration timeout) {
    super("command on " + target.name() + " did not finish within " + timeout + ": " + command);
  }
}
