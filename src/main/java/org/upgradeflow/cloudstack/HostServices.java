package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Service control with check-then-act, so that a step retried after a crash or a lost job does
 * nothing twice: a stopped service is not stopped again, a running one not started again.
 * {@code service X status} follows LSB: 0 running, 3 stopped.
 */
@Component
public class HostServices {

  static final int LSB_RUNNING = 0;
  static final int LSB_STOPPED = 3;

  private final RemoteShell shell;

  HostServices(RemoteShell shell) {
    this.shell = shell;
  }

  /** @return true when this call stopped it, false when it was already stopped */
  public boolean ensureStopped(Environment env, String host, String service) {
    RemoteTarget target = RemoteTarget.of(env, host);
    if (status(target, service) == LSB_STOPPED) {
      return false;
    }
    ExecResult stop = shell.exec(target, HostCommands.serviceStop(service));
    if (!stop.ok() || status(target, service) != LSB_STOPPED) {
      throw new RemoteShellException(host + ": " + service + " did not stop (" + tail(stop) + ")");
    }
    return true;
  }

  /** @return true when this call started it, false when it was already running */
  public boolean ensureRunning(Environment env, String host, String service) {
    RemoteTarget target = RemoteTarget.of(env, host);
    if (status(target, service) == LSB_RUNNING) {
      return false;
    }
    ExecResult start = shell.exec(target, HostCommands.serviceStart(service));
    if (!start.ok() || status(target, service) != LSB_RUNNING) {
      throw new RemoteShellException(host + ": " + service + " did not start (" + tail(start) + ")");
    }
    return true;
  }

  private int status(RemoteTarget target, String service) {
    int status = shell.exec(target, HostCommands.serviceStatus(service)).exitStatus();
    if (status != LSB_RUNNING && status != LSB_STOPPED) {
      throw new RemoteShellException(target.name() + ": status of " + service + " is unknown (exit " + status
          + "); is the service installed?");
    }
    return status;
  }

  private static String tail(ExecResult result) {
    String text = (result.stdout() + " " + result.stderr()).strip();
    return text.length() > 300 ? text.substring(text.length() - 300) : text;
  }
}
