package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What Gate_ConfirmSnapshot accepts as snapshot name and time, and how the wrong-hostname line is read. */
class ConfirmSnapshotInputsTest {

  @Test
  void nameAndAPastIsoTimeAreRequired() {
    assertThat(ConfirmSnapshotEvidence.problem(null, "2024-05-01T21:30Z")).startsWith("snapshotName: required");
    assertThat(ConfirmSnapshotEvidence.problem(" ", "2024-05-01T21:30Z")).startsWith("snapshotName: required");
    assertThat(ConfirmSnapshotEvidence.problem("pre", null)).startsWith("snapshotTime: required");
    assertThat(ConfirmSnapshotEvidence.problem("pre", "yesterday")).startsWith("snapshotTime: expected ISO-8601");
    assertThat(ConfirmSnapshotEvidence.problem("pre", "2999-01-01T00:00Z")).endsWith("is in the future");
    assertThat(ConfirmSnapshotEvidence.problem("pre", "2024-05-01T21:30Z")).isNull();
    assertThat(ConfirmSnapshotEvidence.problem("pre", "2024-05-01T21:30")).isNull();
  }

  @Test
  void theWrongHostnameMessageNamesBothHostnames() {
    var m = UpgradeScript.WRONG_HOSTNAME.matcher("Detected wrong hostname. Expected hostname: um1.example.net, but found: "
        + "um1-renamed.This will most probably result in issues after upgrade with the existing vCloud Usage Meter certificates.");
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("um1.example.net");
    assertThat(m.group(2)).isEqualTo("um1-renamed");
  }

  @Test
  void versionsCompareByMajorAndMinor() {
    assertThat(UpgradeScript.atLeast("4.5.0.0", "4.5")).isTrue();
    assertThat(UpgradeScript.atLeast("4.4.0.0", "4.5")).isFalse();
    assertThat(UpgradeScript.atLeast("4.10.0.0", "4.7")).isTrue();
  }
}
