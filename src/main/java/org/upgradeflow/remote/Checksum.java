package org.upgradeflow.remote;

/** Digest used to verify uploads; the same tool is run on the target. */
public enum Checksum {
  SHA256("SHA-256", "sha256sum {}"),
  SHA1("SHA-1", "sha1sum {}");

  private final String javaName;
  private final String remoteTemplate;

  Checksum(String javaName, String remoteTemplate) {
    this.javaName = javaName;
    this.remoteTemplate = remoteTemplate;
  }

  String javaName() {
    return javaName;
  }

  ShellCommand remote(String path) {
    return ShellCommand.of(remoteTemplate, ShellArg.path(path));
  }
}
