package org.upgradeflow.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Checks the offered host key against the environment's known_hosts file (plain, hashed and
 * {@code [host]:port} entries). Unknown and changed keys are refused, never added; the refusal
 * is kept so that the caller can report the host and the offered fingerprint.
 */
final class KnownHostsVerifier extends OpenSSHKnownHosts {

  private final String hostName;
  private final Path file;
  private volatile HostKeyRejectedException rejection;

  private KnownHostsVerifier(Path file, String hostName) throws IOException {
    super(file.toFile());
    this.file = file;
    this.hostName = hostName;
  }

  static KnownHostsVerifier load(Path file, String hostName) {
    if (!Files.isReadable(file)) {
      throw new RemoteShellException("known_hosts file " + file + " for host " + hostName
          + " is missing or unreadable");
    }
    try {
      return new KnownHostsVerifier(file, hostName);
    } catch (IOException e) {
      throw new RemoteShellException("cannot read known_hosts file " + file, e);
    }
  }

  /** Key types listed for this address and port; OpenSSH writes {@code [addr]:port} unless port 22. */
  Set<KeyType> knownKeyTypes(String address, int port) {
    String name = port == 22 ? address : "[" + address + "]:" + port;
    Set<KeyType> types = new LinkedHashSet<>();
    for (KnownHostEntry entry : entries()) {
      try {
        if (entry.appliesTo(name) && entry.getType() != null && entry.getType() != KeyType.UNKNOWN) {
          types.add(entry.getType());
        }
      } catch (IOException e) {
        // an entry we cannot evaluate cannot vouch for the host
      }
    }
    return types;
  }

  HostKeyRejectedException rejection() {
    return rejection;
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    rejection = new HostKeyRejectedException(hostName + " (" + hostname + ")",
        KeyType.fromKey(key).toString(), fingerprint(key), false, file.toString());
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    rejection = new HostKeyRejectedException(hostName + " (" + hostname + ")",
        KeyType.fromKey(key).toString(), fingerprint(key), true, file.toString());
    return false;
  }

  /** The fingerprint as {@code ssh-keygen -lf} prints it. */
  static String fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
