package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.upgradeflow.clouddb.HypervisorHost;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.SshCredentials;

/** Which {@code host} row belongs to a KVM host of the inventory. */
class KvmHostRowsTest {

  private static final SshCredentials SSH = new SshCredentials("root", Path.of("/tmp/key"), null);

  private static HypervisorHost row(long id, String name, String status, String ip) {
    return new HypervisorHost(id, name, "u" + id, status, "KVM", ip, 1L, 1, "Enabled", "4.3.2");
  }

  private static Host kvm(String name, String address) {
    return new Host(name, address, 22, HostRole.KVM_HOST, OsFamily.RHEL, SSH);
  }

  @Test
  void byNameFirstThenByPrivateAddressElseMissing() {
    List<HypervisorHost> rows = List.of(row(1, "kvm1.example.org", "Disconnected", "10.0.0.21"),
        row(2, "kvm2", "Up", "10.0.0.22"), row(3, "other", "Up", "10.0.0.23"));

    assertThat(KvmHostRows.statusOf(rows, kvm("kvm2", "10.0.0.23"))).as("the name wins over an address").isEqualTo("Up");
    assertThat(KvmHostRows.rowOf(rows, kvm("kvm2", "10.0.0.23")).orElseThrow().id()).isEqualTo(2);
    assertThat(KvmHostRows.statusOf(rows, kvm("kvm1", "10.0.0.21"))).as("registered under its FQDN")
        .isEqualTo("Disconnected");
    assertThat(KvmHostRows.statusOf(rows, kvm("KVM1", "kvm1.mgmt.example.org"))).as("the short name, case aside")
        .isEqualTo("Disconnected");
    assertThat(KvmHostRows.statusOf(rows, kvm("kvm9", "kvm9.example.org"))).isEqualTo(KvmHostRows.NO_ROW);
  }
}
