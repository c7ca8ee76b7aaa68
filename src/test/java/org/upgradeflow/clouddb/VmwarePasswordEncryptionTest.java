package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD41;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD42;

import java.util.List;
import java.util.Map;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.upgradeflow.environment.Secret;

@ExtendWith(OutputCaptureExtension.class)
class VmwarePasswordEncryptionTest {

  @RegisterExtension
  static final CloudDbFixture db = new CloudDbFixture();

  private static final String KEY = "mgmt-K3y-7c1d";
  private static final String ROWS =
      "SELECT 'cd' AS t, id, value FROM cluster_details ORDER BY id";
  private static final String DC_ROWS = "SELECT * FROM vmware_data_center ORDER BY id";

  private final CloudStackCipher cipher = CloudStackCipher.withKey(Secret.of(KEY));

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void encryptsPlaintextRowsSoThatCloudStackDecryptsThemToTheVcenterPassword(String schema,
      CapturedOutput output) {
    VmwarePasswordEncryption.Result result =
        VmwarePasswordEncryption.encryptAll(db.database(schema), cipher);

    assertThat(result.encrypted()).hasSize(schema.equals(CLOUD41) ? 2 : 3);
    assertThat(result.alreadyEncrypted()).isEmpty();
    StandardPBEStringEncryptor cloudstack = independentEncryptor();
    assertThat(cloudstack.decrypt(value(schema, 3))).isEqualTo("vCenter-S3cret!");
    assertThat(cloudstack.decrypt(value(schema, 5))).isEqualTo("old-vCenter-pw");
    if (schema.equals(CLOUD42)) {
      assertThat(cloudstack.decrypt((String) db.value(schema,
          "SELECT password FROM vmware_data_center WHERE id = 1"))).isEqualTo("vCenter-S3cret!");
    }
    // not VMware: the XenServer pool's password and other details stay as they were
    assertThat(value(schema, 4)).isEqualTo("xen-pool-password");
    assertThat(value(schema, 1)).isEqualTo("http://vcenter.example.org/dc1/vmw-cluster");

    assertThat(output.getAll()).doesNotContain("vCenter-S3cret!").doesNotContain(KEY)
        .doesNotContain(value(schema, 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void runningAgainLeavesEveryRowByteForByteUnchanged(String schema) {
    VmwarePasswordEncryption.encryptAll(db.database(schema), cipher);
    List<Map<String, Object>> clusterDetails = db.rows(schema, ROWS);
    List<Map<String, Object>> dataCenters =
        schema.equals(CLOUD42) ? db.rows(schema, DC_ROWS) : List.of();

    VmwarePasswordEncryption.Result second =
        VmwarePasswordEncryption.encryptAll(db.database(schema), cipher);

    assertThat(second.changedAnything()).isFalse();
    assertThat(second.alreadyEncrypted()).hasSize(schema.equals(CLOUD41) ? 2 : 3);
    assertThat(db.rows(schema, ROWS)).isEqualTo(clusterDetails);
    if (schema.equals(CLOUD42)) {
      assertThat(db.rows(schema, DC_ROWS)).isEqualTo(dataCenters);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void aRowEncryptedByHandIsLeftAlone(String schema) {
    // an operator followed the written procedure for one cluster before UpgradeFlow ran
    String byHand = independentEncryptor().encrypt("vCenter-S3cret!");
    db.execute(schema, "UPDATE cluster_details SET value = ? WHERE id = 3", byHand);

    VmwarePasswordEncryption.Result result =
        VmwarePasswordEncryption.encryptAll(db.database(schema), cipher);

    assertThat(result.alreadyEncrypted()).containsExactly("cluster_details id 3 (cluster 3)");
    assertThat(result.encrypted()).contains("cluster_details id 5 (cluster 4)");
    assertThat(value(schema, 3)).isEqualTo(byHand);
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41})
  void aCiphertextOfAnotherKeyIsReportedAsSuspicious(String schema) {
    String foreign = CloudStackCipher.withKey(Secret.of("old-key")).encrypt(Secret.of("pw"));
    db.execute(schema, "UPDATE cluster_details SET value = ? WHERE id = 5", foreign);

    VmwarePasswordEncryption.Result result =
        VmwarePasswordEncryption.encryptAll(db.database(schema), cipher);

    assertThat(result.suspicious()).containsExactly("cluster_details id 5 (cluster 4)");
  }

  private String value(String schema, long id) {
    return (String) db.value(schema, "SELECT value FROM cluster_details WHERE id = ?", id);
  }

  /** What CloudStack's own EncryptionSecretKeyChecker builds: defaults plus the key. */
  private static StandardPBEStringEncryptor independentEncryptor() {
    StandardPBEStringEncryptor encryptor = new StandardPBEStringEncryptor();
    encryptor.setAlgorithm("PBEWithMD5AndDES");
    encryptor.setPassword(KEY);
    return encryptor;
  }
}
