package org.upgradeflow.environment;

import java.nio.file.Path;

/** How to log in to one host: a user and a private key file, a password, or both. */
public record SshCredentials(String user, Path privateKey, Secret password) {

  public boolean hasKey() {
    return privateKey != null;
  }
}
