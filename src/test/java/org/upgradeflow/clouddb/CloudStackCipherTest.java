package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.intf.cli.JasyptPBEStringDecryptionCLI;
import org.jasypt.intf.cli.JasyptPBEStringEncryptionCLI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.upgradeflow.environment.Secret;

class CloudStackCipherTest {

  // what cloudstack-setup-encryption writes by default is "password"; use something less lazy
  private static final String KEY = "mgmt-K3y-7c1d";
  private static final String VCENTER_PASSWORD = "vCenter-S3cret!";

  private final CloudStackCipher cipher = CloudStackCipher.withKey(Secret.of(KEY));

  @Test
  void jasyptsOwnCliDecryptsWhatWeEncrypt() {
    // the same CLI class the 4.3 upgrade instructions run from jasypt-1.9.0.jar
    String ciphertext = cipher.encrypt(Secret.of(VCENTER_PASSWORD));
    String out = runCli(() -> JasyptPBEStringDecryptionCLI.main(new String[] {
        "input=" + ciphertext, "password=" + KEY, "algorithm=PBEWithMD5AndDES",
        "verbose=false"}));
    assertThat(out.trim()).isEqualTo(VCENTER_PASSWORD);
  }

  @Test
  void weDecryptWhatJasyptsOwnCliEncrypts() {
    String out = runCli(() -> JasyptPBEStringEncryptionCLI.main(new String[] {
        "input=" + VCENTER_PASSWORD, "password=" + KEY, "verbose=false"}));
    assertThat(cipher.decrypt(out.trim()).reveal()).isEqualTo(VCENTER_PASSWORD);
  }

  @Test
  void aSeparatelyConfiguredEncryptorAgreesBothWays() {
    StandardPBEStringEncryptor independent = new StandardPBEStringEncryptor();
    independent.setAlgorithm("PBEWithMD5AndDES");
    independent.setPassword(KEY);

    assertThat(independent.decrypt(cipher.encrypt(Secret.of(VCENTER_PASSWORD))))
        .isEqualTo(VCENTER_PASSWORD);
    assertThat(cipher.decrypt(independent.encrypt(VCENTER_PASSWORD)).reveal())
        .isEqualTo(VCENTER_PASSWORD);
  }

  @Test
  void ciphertextHasCloudStacksShape() {
    String ciphertext = cipher.encrypt(Secret.of(VCENTER_PASSWORD));
    byte[] raw = java.util.Base64.getDecoder().decode(ciphertext);
    // 8 bytes of salt + "vCenter-S3cret!" (15 bytes) padded to 16
    assertThat(raw).hasSize(8 + 16);
    // random salt: encrypting twice gives two different values for the same plaintext
    assertThat(cipher.encrypt(Secret.of(VCENTER_PASSWORD))).isNotEqualTo(ciphertext);
  }

  @Test
  void detectsValuesAlreadyEncryptedWithThisKey() {
    assertThat(cipher.isEncrypted(cipher.encrypt(Secret.of(VCENTER_PASSWORD)))).isTrue();
    assertThat(cipher.isEncrypted(cipher.encrypt(Secret.of("")))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      VCENTER_PASSWORD,
      "",
      "password",
      "AAAAAAAAAAAAAAAAAAAAAA==",          // base64 of 16 zero bytes: right shape, no ciphertext
      "QUJDREVGR0g=",                      // base64 of 8 bytes: salt only
      "QUJDREVGR0hJSktMTU5PUFFS",          // base64 of 18 bytes: not whole DES blocks
      "not base64 at all!"})
  void plaintextIsNotEncrypted(String value) {
    assertThat(cipher.isEncrypted(value)).isFalse();
  }

  @Test
  void aCiphertextOfAnotherKeyIsNotEncryptedWithThisOne() {
    String foreign = CloudStackCipher.withKey(Secret.of("another-key")).encrypt(
        Secret.of(VCENTER_PASSWORD));
    assertThat(cipher.isEncrypted(foreign)).isFalse();
    assertThat(CloudStackCipher.looksLikeCiphertext(foreign)).isTrue();
    assertThatThrownBy(() -> cipher.decrypt(foreign))
        .isInstanceOf(CloudStackCipher.CloudStackCipherException.class)
        .hasMessageNotContaining(foreign).hasMessageNotContaining(KEY);
  }

  @Test
  void wrongKeysAreRejectedManyTimesOver() {
    // a wrong key passes DES padding about once in 256; the UTF-8 check catches those
    String ciphertext = cipher.encrypt(Secret.of(VCENTER_PASSWORD));
    for (int i = 0; i < 600; i++) {
      assertThat(CloudStackCipher.withKey(Secret.of("wrong-" + i)).isEncrypted(ciphertext))
          .as("key wrong-%d", i).isFalse();
    }
  }

  @Test
  void theKeyIsNeverRendered() {
    assertThat(cipher.toString()).doesNotContain(KEY);
    char[] key = KEY.toCharArray();
    CloudStackCipher fromChars = CloudStackCipher.withKey(key);
    assertThat(fromChars.decrypt(cipher.encrypt(Secret.of("x"))).reveal()).isEqualTo("x");
    assertThat(fromChars.decrypt(cipher.encrypt(Secret.of("x"))).toString())
        .isEqualTo(Secret.MASK);
  }

  @ParameterizedTest
  @CsvSource({
      "2.2.14, /etc/cloud/management/key",
      "3.0.7, /etc/cloud/management/key",
      "4.0.2, /etc/cloud/management/key",
      "4.1.1, /etc/cloudstack/management/key",
      "4.2.1, /etc/cloudstack/management/key",
      "4.3.0, /etc/cloudstack/management/key",
      "4.10.0.0, /etc/cloudstack/management/key"})
  void keyFilePathBySourceVersion(String version, String path) {
    assertThat(ManagementServerKey.pathFor(version)).isEqualTo(path);
  }

  @Test
  void keyFileContentIsItsFirstLine() {
    assertThat(ManagementServerKey.fromFileContent(KEY + "\n").reveal()).isEqualTo(KEY);
    assertThat(ManagementServerKey.fromFileContent(KEY + "\r\n").reveal()).isEqualTo(KEY);
    assertThat(ManagementServerKey.fromFileContent(KEY).reveal()).isEqualTo(KEY);
    assertThatThrownBy(() -> ManagementServerKey.fromFileContent("\n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ManagementServerKey.pathFor("latest"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String runCli(Runnable cli) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      cli.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
