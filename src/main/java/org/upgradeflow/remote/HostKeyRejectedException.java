package org.upgradeflow.remote;

/** The host offered a key that its known_hosts file does not list (unknown) or lists differently (changed). */
public class HostKeyRejectedException extends RemoteShellException {

  private final String host;
  private final String fingerprint;
  private final boolean changed;

  HostKeyRejectedException(String host, String keyType, String fingerprint, boolean changed,
      String knownHosts) {
    super((changed ? "host key CHANGED for " : "unknown host key for ") + host + ": offered "
        + keyType + " " + fingerprint + (changed ? " differs from the key listed in "
        : " is not listed in ") + knownHosts);
    this.host = host;
    this.fingerprint = fingerprint;
    this.changed = changed;
  }

  public String host() {
    return host;
  }

  /** OpenSSH style, e.g. {@code SHA256:abc...}. */
  public String fingerprint() {
    return fingerprint;
  }

  public boolean changed() {
    return changed;
  }
}
