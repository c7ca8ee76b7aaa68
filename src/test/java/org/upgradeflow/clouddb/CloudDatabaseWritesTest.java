package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD41;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD42;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class CloudDatabaseWritesTest {

  @RegisterExtension
  static final CloudDbFixture db = new CloudDbFixture();

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void fixStoragePoolPathStripsTrailingSlashesOnce(String schema) {
    CloudDatabase cloud = db.database(schema);
    List<Map<String, Object>> before = db.rows(schema, "SELECT * FROM storage_pool ORDER BY id");

    assertThat(cloud.fixStoragePoolPath(1)).isTrue();
    assertThat(cloud.fixStoragePoolPath(5)).isTrue();
    List<Map<String, Object>> after = db.rows(schema, "SELECT * FROM storage_pool ORDER BY id");
    assertThat(after).extracting(r -> r.get("path")).containsExactly(
        "/var/lib/libvirt/images", "/var/lib/libvirt/images", "/export/primary/", "/mnt//",
        "/data/local");
    assertThat(cloud.localStoragePoolsWithTrailingSlash()).isEmpty();

    // second run and an already right pool: nothing changes, row for row
    assertThat(cloud.fixStoragePoolPath(1)).isFalse();
    assertThat(cloud.fixStoragePoolPath(5)).isFalse();
    assertThat(cloud.fixStoragePoolPath(2)).isFalse();
    assertThat(db.rows(schema, "SELECT * FROM storage_pool ORDER BY id")).isEqualTo(after);
    // only the two pools changed, and only their path
    for (int i : new int[] {1, 2, 3}) {
      assertThat(after.get(i)).isEqualTo(before.get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void fixStoragePoolPathRefusesOtherPoolsAndRemovedOnes(String schema) {
    CloudDatabase cloud = db.database(schema);
    assertThatThrownBy(() -> cloud.fixStoragePoolPath(3))
        .isInstanceOf(CloudDatabaseException.class).hasMessageContaining("NetworkFilesystem");
    assertThatThrownBy(() -> cloud.fixStoragePoolPath(4))
        .isInstanceOf(CloudDatabaseException.class).hasMessageContaining("removed");
    assertThat(db.value(schema, "SELECT path FROM storage_pool WHERE id = 3"))
        .isEqualTo("/export/primary/");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void setVmwarePasswordOnlyWhenDifferent(String schema, CapturedOutput output) {
    CloudDatabase cloud = db.database(schema);
    VmwarePasswordRow row = cloud.vmwarePasswordRows().get(0);

    assertThat(cloud.setVmwarePassword(row, "Q2lwaGVydGV4dEFiYw==")).isTrue();
    assertThat(db.value(schema, "SELECT value FROM cluster_details WHERE id = 3"))
        .isEqualTo("Q2lwaGVydGV4dEFiYw==");
    List<Map<String, Object>> after = db.rows(schema, "SELECT * FROM cluster_details ORDER BY id");

    assertThat(cloud.setVmwarePassword(row, "Q2lwaGVydGV4dEFiYw==")).isFalse();
    assertThat(db.rows(schema, "SELECT * FROM cluster_details ORDER BY id")).isEqualTo(after);

    // base64 is case-sensitive even where the column's collation is not
    VmwarePasswordRow reread = cloud.vmwarePasswordRows().get(0);
    assertThat(cloud.setVmwarePassword(reread, "q2LWAGVYDGV4DEFIYW==")).isTrue();
    assertThat(db.value(schema, "SELECT value FROM cluster_details WHERE id = 3"))
        .isEqualTo("q2LWAGVYDGV4DEFIYW==");

    assertThat(output.getAll()).contains("cluster_details id 3")
        .doesNotContain("vCenter-S3cret!").doesNotContain("Q2lwaGVydGV4dEFiYw==");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void setVmwarePasswordRefusesARowChangedSinceItWasRead(String schema) {
    CloudDatabase cloud = db.database(schema);
    VmwarePasswordRow stale = cloud.vmwarePasswordRows().get(0);
    db.execute(schema, "UPDATE cluster_details SET value = 'Q29uY3VycmVudFJ1bg==' WHERE id = 3");
    assertThatThrownBy(() -> cloud.setVmwarePassword(stale, "T3RoZXJDaXBoZXI="))
        .isInstanceOf(CloudDatabaseException.class).hasMessageContaining("changed since");
    assertThat(db.value(schema, "SELECT value FROM cluster_details WHERE id = 3"))
        .isEqualTo("Q29uY3VycmVudFJ1bg==");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD42})
  void setVmwareDataCenterPassword(String schema) {
    CloudDatabase cloud = db.database(schema);
    VmwarePasswordRow dc = cloud.vmwarePasswordRows().stream()
        .filter(r -> r.source() == VmwarePasswordRow.Source.VMWARE_DATA_CENTER).findFirst()
        .orElseThrow();
    assertThat(cloud.setVmwarePassword(dc, "RGF0YUNlbnRlckNpcGhlcg==")).isTrue();
    assertThat(cloud.setVmwarePassword(dc, "RGF0YUNlbnRlckNpcGhlcg==")).isFalse();
    assertThat(db.value(schema, "SELECT password FROM vmware_data_center WHERE id = 1"))
        .isEqualTo("RGF0YUNlbnRlckNpcGhlcg==");
    assertThat(db.value(schema, "SELECT value FROM cluster_details WHERE id = 3"))
        .isEqualTo("vCenter-S3cret!");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void setIntegrationApiPortAndBackToNull(String schema) {
    CloudDatabase cloud = db.database(schema);
    String sql = "SELECT value FROM configuration WHERE name = 'integration.api.port'";

    assertThat(cloud.setIntegrationApiPort(8096)).isTrue();
    assertThat(db.value(schema, sql)).isEqualTo("8096");
    assertThat(cloud.integrationApiPort()).contains(8096);
    assertThat(cloud.setIntegrationApiPort(8096)).isFalse();
    assertThat(db.value(schema, sql)).isEqualTo("8096");

    assertThat(cloud.setIntegrationApiPort(null)).isTrue();
    assertThat(db.rows(schema, sql)).hasSize(1);
    assertThat(db.value(schema, sql)).isNull();
    assertThat(cloud.integrationApiPort()).isEmpty();
    assertThat(cloud.setIntegrationApiPort(null)).isFalse();
    assertThat(db.value(schema, sql)).isNull();

    // the other configuration rows are untouched
    assertThat(db.value(schema, "SELECT value FROM configuration WHERE name = 'host'"))
        .isEqualTo("10.1.0.11");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 65536, -1})
  void setIntegrationApiPortRejectsNonPorts(int port) {
    assertThatThrownBy(() -> db.database(CLOUD41).setIntegrationApiPort(port))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
