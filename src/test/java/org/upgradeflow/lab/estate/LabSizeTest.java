package org.upgradeflow.lab.estate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.db.LabCloudSchema;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.LabSsh;

/**
 * Sizes are configurable for benchmarks: a CloudStack estate with a KVM cluster of 200 hosts
 * (100 per OS family) starts, every host is an SSH server of its own, and the estate's cloud
 * schema has a {@code host} row for each (the database itself is left out to keep this fast).
 */
class LabSizeTest {

  @TempDir
  static Path dir;

  @Test
  void aTwoHundredHostKvmClusterEstateStarts() throws Exception {
    try (LabRig rig = LabRig.start(dir, p -> p.withDatabase("none").withKvmHostsPerOs(100), "lab-cs-42x")) {
      Environment env = rig.estate("lab-cs-42x").environment();
      assertThat(env.hosts(HostRole.KVM_HOST)).hasSize(200);
      assertThat(env.hosts(HostRole.KVM_HOST)).filteredOn(h -> h.os() == OsFamily.UBUNTU).hasSize(100);
      assertThat(env.hosts(HostRole.KVM_HOST)).extracting(h -> h.port()).doesNotHaveDuplicates();
      for (String host : new String[] {"kvm-rhel-1", "kvm-rhel-100", "kvm-ubuntu-100"}) {
        try (LabSsh ssh = new LabSsh(env, host)) {
          assertThat(ssh.exec("hostname").out()).isEqualTo(host + "\n");
        }
      }
      // the XenServer members follow the 200 KVM rows, with the pool's uuids
      String schema = LabCloudSchema.cloud(rig.estate("lab-cs-42x").definition(), 100);
      assertThat(Pattern.compile("'KVM', 'Enabled'").matcher(schema).results().count()).isEqualTo(200);
      assertThat(schema).contains("(201, 'xen1', '"
          + XenServerCluster.of(rig.estate("lab-cs-42x").definition(), 200).member("xen1").uuid() + "'");
    }
  }
}
