package org.upgradeflow.cloudstack;

/**
 * A management or usage server whose package run failed (the job ended with an error, was lost,
 * or left a version below the target): a business outcome for Gate_ResolveFailure, where a
 * change manager chooses retry (a new attempt), roll back or abort. An unreachable host stays a
 * {@link org.upgradeflow.remote.RemoteShellException}: retried, then an incident.
 *
 * @param summary one line naming the host, the installed version and the target (no secret: package commands carry none)
 * @param logTail the end of the package run's output
 */
public class ServerPackageFailure extends RuntimeException {

  private final String host;
  private final String logTail;

  ServerPackageFailure(String host, String summary, String logTail) {
    super(summary);
    this.host = host;
    this.logTail = KvmHostFailure.bounded(logTail);
  }

  public String host() {
    return host;
  }

  public String logTail() {
    return logTail;
  }
}
