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

  /** The lower-case hex digest of a local file, as uploads compute it. */
  public String of(java.nio.file.Path file) throws java.io.IOException {
    return RemoteFiles.localDigest(file, this);
  }

  String javaName() {
    return javaName;
  }

  ShellCommand remote(String path) {
    return ShellCommand.of(remoteTemplate, ShellArg.path(path));
  }
}
