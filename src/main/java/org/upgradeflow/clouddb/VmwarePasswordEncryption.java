package org.upgradeflow.clouddb;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "encrypt the vCenter password" step of the 4.1/4.2 -> 4.3 procedure, made idempotent:
 * every VMware password row that already decrypts with the management server key is left
 * alone; every other row holds plaintext, which is encrypted and written. Running it again
 * leaves every row byte for byte as it is.
 */
public final class VmwarePasswordEncryption {

  private static final Logger log = LoggerFactory.getLogger(VmwarePasswordEncryption.class);

  private VmwarePasswordEncryption() {
  }

  /**
   * What the step did, by row ({@link VmwarePasswordRow#describe()}), never by value.
   *
   * @param encrypted        rows that held plaintext and now hold its ciphertext
   * @param alreadyEncrypted rows left alone
   * @param suspicious       rows among {@code encrypted} whose old value was shaped like a
   *                         ciphertext of some other key: evidence for the operator
   */
  public record Result(List<String> encrypted, List<String> alreadyEncrypted,
      List<String> suspicious) {

    public boolean changedAnything() {
      return !encrypted.isEmpty();
    }
  }

  public static Result encryptAll(CloudDatabase database, CloudStackCipher cipher) {
    List<String> encrypted = new ArrayList<>();
    List<String> already = new ArrayList<>();
    List<String> suspicious = new ArrayList<>();
    for (VmwarePasswordRow row : database.vmwarePasswordRows()) {
      String value = row.value().reveal();
      if (cipher.isEncrypted(value)) {
        already.add(row.describe());
        continue;
      }
      if (value.isEmpty()) {
        // nothing to protect, and an encrypted empty string would look like a password
        log.warn("VMware password of {} is empty; left as it is", row.describe());
        continue;
      }
      if (CloudStackCipher.looksLikeCiphertext(value)) {
        suspicious.add(row.describe());
        log.warn("VMware password of {} looks like a ciphertext but does not decrypt with this"
            + " management server key; treated as plaintext and encrypted", row.describe());
      }
      database.setVmwarePassword(row, cipher.encrypt(row.value()));
      encrypted.add(row.describe());
    }
    log.info("VMware passwords: {} encrypted, {} already encrypted", encrypted.size(),
        already.size());
    return new Result(List.copyOf(encrypted), List.copyOf(already), List.copyOf(suspicious));
  }
}
