package org.upgradeflow.lab.host;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * The one key pair that logs into every lab host, kept as an OpenSSH private key file
 * ({@code data/lab/id_ed25519}, mode 600, with {@code .pub} beside it) so UpgradeFlow, the
 * tests and a person with {@code ssh -i} all use the same identity. Created once, then reused,
 * so a key that was handed around keeps working across restarts.
 */
public final class LabClientKey {

  private final Path privateKeyFile;
  private final KeyPair keyPair;

  private LabClientKey(Path privateKeyFile, KeyPair keyPair) {
    this.privateKeyFile = privateKeyFile;
    this.keyPair = keyPair;
  }

  public static LabClientKey loadOrCreate(Path privateKeyFile) {
    try {
      if (Files.isRegularFile(privateKeyFile)) {
        Iterator<KeyPair> keys = new FileKeyPairProvider(privateKeyFile).loadKeys(null).iterator();
        if (keys.hasNext()) {
          return new LabClientKey(privateKeyFile, keys.next());
        }
      }
      KeyPair pair = KeyUtils.generateKeyPair(KeyPairTypes.ED25519, 256);
      write(privateKeyFile, pair);
      return new LabClientKey(privateKeyFile, pair);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the lab client key " + privateKeyFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create the lab client key " + privateKeyFile, e);
    }
  }

  private static void write(Path file, KeyPair pair) throws IOException, GeneralSecurityException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(tmp)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "upgradeflow-lab", null, out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    try (OutputStream out = Files.newOutputStream(file.resolveSibling(file.getFileName() + ".pub"))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(pair.getPublic(), "upgradeflow-lab", out);
    }
  }

  public Path privateKeyFile() {
    return privateKeyFile;
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  boolean matches(PublicKey offered) {
    return KeyUtils.compareKeys(keyPair.getPublic(), offered);
  }
}
