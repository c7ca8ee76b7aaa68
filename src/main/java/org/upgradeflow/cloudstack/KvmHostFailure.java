package org.upgradeflow.cloudstack;

/**
 * A KVM host that the package manager or the agent refused (a failed upgrade, an agent that does
 * not start): a business outcome for this host, not a reason to retry the job. Connection
 * problems stay {@link org.upgradeflow.remote.RemoteShellException}s and are retried.
 *
 * @param summary one line naming the host and what failed
 * @param logTail the end of the output that shows why (bounded; commands here carry no secret)
 */
public class KvmHostFailure extends RuntimeException {

  static final int MAX_TAIL = 1500;

  private final String host;
  private final String logTail;

  KvmHostFailure(String host, String summary, String logTail) {
    super(host + ": " + summary);
    this.host = host;
    this.logTail = bounded(logTail);
  }

  public String host() {
    return host;
  }

  public String logTail() {
    return logTail;
  }

  static String bounded(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() > MAX_TAIL ? "..." + t.substring(t.length() - MAX_TAIL) : t;
  }
}
