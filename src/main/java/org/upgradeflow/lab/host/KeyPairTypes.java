package org.upgradeflow.lab.host;

import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Key types the lab generates: ed25519, as a current OpenSSH would. */
final class KeyPairTypes {

  static final String ED25519 = KeyPairProvider.SSH_ED25519;

  private KeyPairTypes() {
  }
}
