package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD41;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD42;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudDatabaseReadsTest {

  @RegisterExtension
  static final CloudDbFixture db = new CloudDbFixture();

  @Test
  void currentVersionIsTheHighestCompleteRow() {
    assertThat(db.database(CLOUD41).currentVersion()).contains("4.1.1");
  }

  @Test
  void currentVersionIgnoresALaterUpgradeRow() {
    // cloud42 has (7, '4.3.0', 'Upgrade') after (6, '4.2.1', 'Complete')
    assertThat(db.database(CLOUD42).currentVersion()).contains("4.2.1");
  }

  @Test
  void currentVersionFollowsIdNotVersionOrder() {
    // a row inserted later with a lower version string still wins: CloudStack goes by id
    db.execute(CLOUD41, "INSERT INTO version (id, version, updated, step)"
        + " VALUES (9, '4.1.0-patched', NOW(), 'Complete')");
    assertThat(db.database(CLOUD41).currentVersion()).contains("4.1.0-patched");
  }

  @Test
  void noCompleteVersionIsEmpty() {
    db.execute(CLOUD41, "UPDATE version SET step = 'Upgrade'");
    assertThat(db.database(CLOUD41).currentVersion()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void managementServersNotRemoved(String schema) {
    assertThat(db.database(schema).managementServers())
        .extracting(ManagementServer::msid, ManagementServer::name, ManagementServer::state,
            ManagementServer::serviceIp)
        .containsExactly(
            tuple(90520733L, "mgmt1.example.org", "Up", "10.1.0.11"),
            tuple(90520734L, "mgmt2.example.org", "Down", "10.1.0.12"));
    assertThat(db.database(schema).managementServers().get(0).version())
        .isEqualTo(schema.equals(CLOUD41) ? "4.1.1" : "4.2.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void hypervisorHostsAreRoutingHostsNotRemoved(String schema) {
    assertThat(db.database(schema).hypervisorHosts())
        .extracting(HypervisorHost::id, HypervisorHost::name, HypervisorHost::status,
            HypervisorHost::hypervisorType, HypervisorHost::zoneId, HypervisorHost::clusterId,
            HypervisorHost::resourceState)
        .containsExactly(
            tuple(1L, "kvm01", "Up", "KVM", 1L, 1L, "Enabled"),
            tuple(2L, "kvm02", "Disconnected", "KVM", 1L, 1L, "Enabled"),
            tuple(3L, "xen01", "Up", "XenServer", 2L, 2L, "Enabled"),
            tuple(4L, "esx01", "Up", "VMware", 2L, 3L, "Maintenance"));
    assertThat(db.database(schema).hypervisorHosts()).filteredOn(HypervisorHost::isUp)
        .extracting(HypervisorHost::name).containsExactly("kvm01", "xen01", "esx01");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void hypervisorsInUsePerZone(String schema) {
    // the removed KVM host in zone 2 does not put KVM in use there
    assertThat(db.database(schema).hypervisorsInUse()).isEqualTo(Map.of(
        1L, Set.of("KVM"),
        2L, Set.of("VMware", "XenServer")));
  }

  @Test
  void systemVmTemplatesBefore42ComeFromTemplateHostRef() {
    assertThat(db.database(CLOUD41).systemVmTemplates())
        .extracting(TemplateDownload::template, TemplateDownload::templateId,
            TemplateDownload::zoneId, TemplateDownload::downloadState,
            TemplateDownload::downloadPercent, TemplateDownload::state, TemplateDownload::ready)
        .containsExactly(
            tuple(SystemVmTemplate.KVM, 201L, 1L, "DOWNLOADED", 100, null, true),
            tuple(SystemVmTemplate.XENSERVER, 202L, 2L, "DOWNLOAD_IN_PROGRESS", 45, null, false),
            tuple(SystemVmTemplate.VMWARE, 203L, 2L, "DOWNLOADED", 100, null, true));
  }

  @Test
  void systemVmTemplatesFrom42ComeFromTemplateStoreRefPerZone() {
    // the stale template_host_ref rows say everything is DOWNLOADED; they are not read.
    // VMware is DOWNLOADED but still Allocated: not READY; its ImageCache copy and its copy in a
    // removed store do not count
    assertThat(db.database(CLOUD42).systemVmTemplates())
        .extracting(TemplateDownload::template, TemplateDownload::templateId,
            TemplateDownload::zoneId, TemplateDownload::downloadState, TemplateDownload::state,
            TemplateDownload::ready)
        .containsExactly(
            tuple(SystemVmTemplate.KVM, 201L, 1L, "DOWNLOADED", "Ready", true),
            tuple(SystemVmTemplate.XENSERVER, 202L, 2L, "DOWNLOADED", "Ready", true),
            tuple(SystemVmTemplate.VMWARE, 203L, 2L, "DOWNLOADED", "Allocated", false));
  }

  @Test
  void templateTableIsDetectedNotDerivedFromVersion() {
    // a 4.2 schema whose version table still says 4.1.1 (upgrade half done) reads the new table
    db.execute(CLOUD42, "DELETE FROM version WHERE id >= 5");
    assertThat(db.database(CLOUD42).currentVersion()).contains("4.1.1");
    assertThat(db.database(CLOUD42).systemVmTemplates())
        .extracting(TemplateDownload::state).containsOnly("Ready", "Allocated");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void templateReadinessNamesWhatIsMissing(String schema) {
    CloudDatabase cloud = db.database(schema);
    List<TemplateReadiness.Missing> missing =
        TemplateReadiness.missing(cloud.hypervisorsInUse(), cloud.systemVmTemplates());
    assertThat(missing).containsExactly(new TemplateReadiness.Missing(2L,
        schema.equals(CLOUD41) ? SystemVmTemplate.XENSERVER : SystemVmTemplate.VMWARE));
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void localStoragePoolsWithTrailingSlash(String schema) {
    // not: the pool already right, the NFS pool, the removed pool
    assertThat(db.database(schema).localStoragePoolsWithTrailingSlash())
        .extracting(StoragePool::id, StoragePool::path, StoragePool::fixedPath)
        .containsExactly(
            tuple(1L, "/var/lib/libvirt/images/", "/var/lib/libvirt/images"),
            tuple(5L, "/data/local//", "/data/local"));
  }

  @Test
  void vmwarePasswordRowsBefore42AreClusterDetailsOfVmwareClusters() {
    // the XenServer pool's password row is not VMware's; the retired VMware cluster's is
    assertThat(db.database(CLOUD41).vmwarePasswordRows())
        .extracting(VmwarePasswordRow::source, VmwarePasswordRow::id, VmwarePasswordRow::owner,
            r -> r.value().reveal())
        .containsExactly(
            tuple(VmwarePasswordRow.Source.CLUSTER_DETAILS, 3L, "cluster 3", "vCenter-S3cret!"),
            tuple(VmwarePasswordRow.Source.CLUSTER_DETAILS, 5L, "cluster 4", "old-vCenter-pw"));
  }

  @Test
  void vmwarePasswordRowsFrom42IncludeVmwareDataCenters() {
    assertThat(db.database(CLOUD42).vmwarePasswordRows())
        .extracting(VmwarePasswordRow::source, VmwarePasswordRow::id, VmwarePasswordRow::owner,
            r -> r.value().reveal())
        .containsExactly(
            tuple(VmwarePasswordRow.Source.CLUSTER_DETAILS, 3L, "cluster 3", "vCenter-S3cret!"),
            tuple(VmwarePasswordRow.Source.CLUSTER_DETAILS, 5L, "cluster 4", "old-vCenter-pw"),
            tuple(VmwarePasswordRow.Source.VMWARE_DATA_CENTER, 1L, "data center dc1",
                "vCenter-S3cret!"));
  }

  @Test
  void vmwarePasswordRowsNeverRenderTheirValue() {
    assertThat(db.database(CLOUD42).vmwarePasswordRows().toString())
        .doesNotContain("vCenter-S3cret!").doesNotContain("old-vCenter-pw");
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void integrationApiPortNullIsEmpty(String schema) {
    assertThat(db.database(schema).integrationApiPort()).isEmpty();
  }

  @Test
  void integrationApiPortValue() {
    db.execute(CLOUD41, "UPDATE configuration SET value = '8096' WHERE name = 'integration.api.port'");
    assertThat(db.database(CLOUD41).integrationApiPort()).contains(8096);
  }

  @ParameterizedTest
  @ValueSource(strings = {CLOUD41, CLOUD42})
  void runningSystemVmsByType(String schema) {
    Map<SystemVmType, List<SystemVm>> vms = db.database(schema).runningSystemVms();
    // not: the stopped router, the removed router, the user VM
    assertThat(vms.get(SystemVmType.SecondaryStorageVm)).extracting(SystemVm::name)
        .containsExactly("s-1-VM", "s-7-VM");
    assertThat(vms.get(SystemVmType.ConsoleProxy)).extracting(SystemVm::name)
        .containsExactly("v-2-VM");
    assertThat(vms.get(SystemVmType.DomainRouter))
        .extracting(SystemVm::id, SystemVm::name, SystemVm::hostId, SystemVm::zoneId)
        .containsExactly(tuple(3L, "r-3-VM", 3L, 2L), tuple(8L, "r-8-VM", 1L, 1L));
  }

  @Test
  void everySystemVmTypeIsAKeyEvenWithoutVms() {
    db.execute(CLOUD41, "UPDATE vm_instance SET state = 'Stopped' WHERE type = 'ConsoleProxy'");
    assertThat(db.database(CLOUD41).runningSystemVms())
        .containsKeys(SystemVmType.values())
        .extractingByKey(SystemVmType.ConsoleProxy).asList().isEmpty();
  }
}
