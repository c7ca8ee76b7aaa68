package org.upgradeflow.clouddb;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.NoIvGenerator;
import org.jasypt.salt.RandomSaltGenerator;
import org.upgradeflow.environment.Secret;

/**
 * Encrypts and decrypts values exactly as CloudStack 4.x does (db.properties {@code ENC(...)},
 * VMware passwords in the database): jasypt {@link StandardPBEStringEncryptor},
 * PBEWithMD5AndDES, 1000 iterations, random 8-byte salt, no IV, base64 of salt + ciphertext,
 * password = the management server key. Every setting is spelled out rather than left to
 * jasypt's defaults, because jasypt 1.9.3 changed some defaults (IV generation) since the 1.9.0
 * CloudStack ships, and the output must stay readable by CloudStack.
 *
 * <p>This is only for CloudStack's own values; our own secrets use {@code MasterCipher} (AES).
 * The key stays inside the jasypt encryptor: this class keeps no copy and renders none.
 */
public final class CloudStackCipher {

  static final String ALGORITHM = "PBEWithMD5AndDES";
  static final int ITERATIONS = 1000;
  // DES block size: the salt is 8 bytes and the ciphertext a whole number of 8-byte blocks
  private static final int BLOCK = 8;

  private final StandardPBEStringEncryptor encryptor;

  private CloudStackCipher(char[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("the management server key is empty");
    }
    encryptor = new StandardPBEStringEncryptor();
    encryptor.setAlgorithm(ALGORITHM);
    encryptor.setKeyObtentionIterations(ITERATIONS);
    encryptor.setSaltGenerator(new RandomSaltGenerator());
    encryptor.setIvGenerator(new NoIvGenerator());
    encryptor.setStringOutputType("base64");
    encryptor.setPasswordCharArray(key);
    encryptor.initialize();
  }

  /** A cipher keyed with the management server key (see {@link ManagementServerKey}). */
  public static CloudStackCipher withKey(Secret managementServerKey) {
    char[] key = managementServerKey.reveal().toCharArray();
    try {
      return new CloudStackCipher(key);
    } finally {
      Arrays.fill(key, '\0');
    }
  }

  /** The caller's array is copied by jasypt; the caller should clear it afterwards. */
  public static CloudStackCipher withKey(char[] managementServerKey) {
    return new CloudStackCipher(managementServerKey);
  }

  /** Base64 ciphertext, different on every call (random salt). */
  public String encrypt(Secret plaintext) {
    return encryptor.encrypt(plaintext.reveal());
  }

  /**
   * @throws CloudStackCipherException when the value is not a ciphertext of this key; the
   *                                   message carries neither the value nor the key
   */
  public Secret decrypt(String ciphertext) {
    return tryDecrypt(ciphertext).orElseThrow(() -> new CloudStackCipherException(
        "the value is not encrypted with this management server key"
            + " (wrong key, a plaintext value, or a damaged ciphertext)"));
  }

  /**
   * Whether the value is already encrypted with this key: it is base64 of an 8-byte salt plus
   * whole DES blocks, it decrypts with the key (PKCS5 padding checks out) and the result is
   * valid UTF-8. Anything else is plaintext to be encrypted.
   */
  public boolean isEncrypted(String value) {
    return tryDecrypt(value).isPresent();
  }

  /**
   * Shaped like a jasypt PBEWithMD5AndDES ciphertext, whatever the key. A value that has this
   * shape but does not decrypt with our key may be a ciphertext of another key; callers report
   * it rather than stay silent.
   */
  public static boolean looksLikeCiphertext(String value) {
    return decodedLength(value) >= 2 * BLOCK && decodedLength(value) % BLOCK == 0;
  }

  private Optional<Secret> tryDecrypt(String value) {
    if (value == null || !looksLikeCiphertext(value)) {
      return Optional.empty();
    }
    String plaintext;
    try {
      plaintext = encryptor.decrypt(value);
    } catch (EncryptionOperationNotPossibleException | IllegalArgumentException e) {
      return Optional.empty();
    }
    // a wrong key passes the padding check about once in 256 tries and yields random bytes,
    // which jasypt turns into U+FFFD replacement characters; real passwords are valid UTF-8
    if (plaintext.indexOf('\uFFFD') >= 0 || !isValidUtf8RoundTrip(plaintext)) {
      return Optional.empty();
    }
    return Optional.of(Secret.of(plaintext));
  }

  private static boolean isValidUtf8RoundTrip(String text) {
    try {
      StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(text));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Bytes the strict base64 decoding of the value yields; -1 when it is not base64. */
  private static int decodedLength(String value) {
    if (value == null || value.isEmpty()) {
      return -1;
    }
    try {
      return Base64.getDecoder().decode(value).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  @Override
  public String toString() {
    return "CloudStackCipher[" + ALGORITHM + ", key " + Secret.MASK + "]";
  }

  /** A value could not be decrypted; the message never contains the value or the key. */
  public static final class CloudStackCipherException extends RuntimeException {
    CloudStackCipherException(String message) {
      super(message);
    }
  }
}
