package org.upgradeflow.environment;

import org.jasypt.encryption.StringEncryptor;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;
import org.jasypt.salt.RandomSaltGenerator;

/**
 * Encrypts and decrypts our own {@code ENC(...)} secrets: jasypt PBEWITHHMACSHA512ANDAES_256
 * with random salt and IV (the jasypt-spring-boot defaults, so `mvn jasypt:encrypt-value`
 * output is accepted too). The master password comes from the environment variable
 * {@value #MASTER_PASSWORD_VARIABLE}, never from a file in the repository.
 */
public final class MasterCipher implements StringEncryptor {

  public static final String MASTER_PASSWORD_VARIABLE = "UPGRADEFLOW_MASTER_PASSWORD";
  static final String ALGORITHM = "PBEWITHHMACSHA512ANDAES_256";

  private final StandardPBEStringEncryptor encryptor;

  public MasterCipher(String masterPassword) {
    if (masterPassword == null || masterPassword.isEmpty()) {
      this.encryptor = null;
      return;
    }
    encryptor = new StandardPBEStringEncryptor();
    encryptor.setAlgorithm(ALGORITHM);
    encryptor.setPassword(masterPassword);
    encryptor.setKeyObtentionIterations(1000);
    encryptor.setSaltGenerator(new RandomSaltGenerator());
    encryptor.setIvGenerator(new RandomIvGenerator());
    encryptor.setStringOutputType("base64");
  }

  public boolean hasMasterPassword() {
    return encryptor != null;
  }

  @Override
  public String encrypt(String message) {
    return requireEncryptor().encrypt(message);
  }

  /** @throws SecretException with a message fit for the operator (no ciphertext, no key) */
  @Override
  public String decrypt(String encryptedMessage) {
    try {
      return requireEncryptor().decrypt(encryptedMessage);
    } catch (EncryptionOperationNotPossibleException | IllegalArgumentException e) {
      throw new SecretException("cannot be decrypted with the master password from "
          + MASTER_PASSWORD_VARIABLE + " (wrong master password, or the value is damaged)");
    }
  }

  private StandardPBEStringEncryptor requireEncryptor() {
    if (encryptor == null) {
      throw new SecretException("is ENC(...) but " + MASTER_PASSWORD_VARIABLE + " is not set");
    }
    return encryptor;
  }

  /** A secret could not be resolved; the message never contains the secret. */
  public static final class SecretException extends RuntimeException {
    SecretException(String message) {
      super(message);
    }
  }
}
