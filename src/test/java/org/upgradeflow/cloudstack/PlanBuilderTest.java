package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.upgradeflow.clouddb.StoragePool;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.Product;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.environment.SshCredentials;

class PlanBuilderTest {

  static final String DB_PASSWORD = "Cl0ud-Db-Secret";

  static Environment estate() {
    SshCredentials ssh = new SshCredentials("root", Path.of("/etc/upgradeflow/id"), null);
    List<Host> hosts = new ArrayList<>(List.of(
        new Host("ms1", "10.0.0.11", 22, HostRole.MANAGEMENT_SERVER, OsFamily.RHEL, ssh),
        new Host("ms2", "10.0.0.12", 22, HostRole.MANAGEMENT_SERVER, OsFamily.UBUNTU, ssh),
        new Host("usage1", "10.0.0.13", 22, HostRole.USAGE_SERVER, OsFamily.RHEL, ssh),
        new Host("db1", "10.0.0.5", 22, HostRole.DATABASE_HOST, OsFamily.RHEL, ssh),
        new Host("kvm1", "10.0.1.21", 22, HostRole.KVM_HOST, OsFamily.UBUNTU, ssh),
        new Host("kvm2", "10.0.1.22", 22, HostRole.KVM_HOST, OsFamily.RHEL, ssh)));
    return new Environment("plan-test", Product.CLOUDSTACK, null, Path.of("/etc/upgradeflow/known_hosts"),
        "http://cloudstack.apt-get.eu", new DatabaseEndpoint("10.0.0.5", 3306, "cloud", Secret.of(DB_PASSWORD)),
        hosts, List.of(), List.of(), List.of("zone1", "zone2"), null, null, false);
  }

  static EstateFacts facts(String version, Optional<Integer> apiPort) {
    return new EstateFacts(CloudStackVersion.parse(version), Set.of("KVM", "XenServer", "VMware"),
        List.of(new StoragePool(7, "kvm1-local", "/var/lib/libvirt/images/", "Filesystem")), 2, apiPort);
  }

  private static List<String> stepIds(UpgradePlan plan) {
    return plan.steps().stream().map(UpgradePlan.Step::id).toList();
  }

  private static List<String> actions(UpgradePlan plan, String stepId) {
    return plan.steps().stream().filter(s -> s.id().equals(stepId)).findFirst().orElseThrow().actions().stream()
        .map(a -> a.host() + ": " + a.detail()).toList();
  }

  @Test
  void a42xPlanFollowsTheGuideSectionInOrder() {
    UpgradePlan plan = PlanBuilder.plan(estate(), facts("4.2.1", Optional.empty()));

    assertThat(plan.processId()).isEqualTo("CloudStack42xTo43");
    assertThat(plan.targetVersion()).isEqualTo("4.3.0");
    assertThat(stepIds(plan)).containsExactly("Gate_ApprovePlan", "Gate_SystemVmTemplates",
        "Task_StopManagementServers", "Task_StopUsageServers", "CallActivity_BackupDatabase", "Task_FixLocalStoragePaths",
        "Task_UpgradeManagementPackages", "Task_UpgradeUsagePackages", "Task_ReencryptVmwarePasswords",
        "CallActivity_StartManagementServers", "Task_StartUsageServers", "CallActivity_UpgradeKvmHosts",
        "CallActivity_RestartSystemVms", "Task_CopyVhdUtil", "Task_WriteSummary");
    assertThat(actions(plan, "Task_StopManagementServers"))
        .containsExactly("ms1: service 'cloudstack-management' stop", "ms2: service 'cloudstack-management' stop");
    assertThat(actions(plan, "Task_UpgradeManagementPackages")).containsExactly(
        "ms1: /etc/yum.repos.d/cloudstack.repo: point at http://cloudstack.apt-get.eu 4.3 (backup kept next to the file)",
        "ms1: yum -y upgrade 'cloudstack-management'",
        "ms2: /etc/apt/sources.list.d/cloudstack.list: point at http://cloudstack.apt-get.eu 4.3 (backup kept next to the file)",
        "ms2: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y -o Dpkg::Options::=--force-confold "
            + "install --only-upgrade 'cloudstack-management'");
    assertThat(actions(plan, "CallActivity_UpgradeKvmHosts")).contains(
        "kvm1: /etc/apt/sources.list.d/cloudstack.list: point at http://cloudstack.apt-get.eu 4.3 (backup kept next to the file)");
    assertThat(actions(plan, "CallActivity_UpgradeKvmHosts")).containsSubsequence(
        "kvm2: service 'cloudstack-agent' stop", "kvm2: yum -y upgrade 'cloudstack-agent'",
        "kvm2: /etc/cloudstack/agent/environment.properties: ensure paths.script=/usr/share/cloudstack-common",
        "kvm2: killall jsvc || test $? -eq 1", "kvm2: service 'cloudstack-agent' start");
    assertThat(actions(plan, "CallActivity_UpgradeKvmHosts")).noneMatch(a -> a.startsWith("kvm1: killall"));
    assertThat(actions(plan, "CallActivity_StartManagementServers").get(1)).startsWith("ms1: database upgrade to 4.3.0");
    assertThat(actions(plan, "Task_FixLocalStoragePaths"))
        .containsExactly("database: storage_pool 7 path /var/lib/libvirt/images/ -> /var/lib/libvirt/images");
  }

  @Test
  void theSystemVmRestartUsesRealFlagsAndNeverShowsThePassword() {
    UpgradePlan plan = PlanBuilder.plan(estate(), facts("4.2.1", Optional.empty()));
    assertThat(actions(plan, "CallActivity_RestartSystemVms")).contains(
        "database: integration.api.port NULL -> 8096, then restart management servers",
        "ms1: curl -s -o /dev/null --max-time 10 -w '%{http_code}' 'http://127.0.0.1:8096/client/api?command=listCapabilities'",
        "ms1: cloudstack-sysvmadm -d '10.0.0.5' -u 'cloud' -p \"$(cat '/var/tmp/upgradeflow/secrets/sysvmadm.pw')\" -a -l '/var/log/cloudstack/management/sysvm.log'");
    assertThat(plan.toString()).doesNotContain(DB_PASSWORD).doesNotContain(" -c ");
    assertThat(actions(plan, "Task_WriteSummary").get(0))
        .isEqualTo("database: integration.api.port back to NULL, restart management servers");
  }

  @Test
  void aPortAlreadyOpenIsNeitherOpenedNorClosedByTheRun() {
    UpgradePlan plan = PlanBuilder.plan(estate(), facts("4.1.1", Optional.of(8096)));
    assertThat(actions(plan, "CallActivity_RestartSystemVms")).noneMatch(a -> a.contains("integration.api.port"));
    assertThat(actions(plan, "Task_WriteSummary")).noneMatch(a -> a.contains("integration.api.port"));
  }

  @Test
  void a40xPlanUsesTheOldNamesToStopAndInstallsTheRenamedPackage() {
    UpgradePlan plan = PlanBuilder.plan(estate(), facts("4.0.2", Optional.empty()));
    assertThat(plan.processId()).isEqualTo("CloudStack40xTo43");
    assertThat(actions(plan, "Task_StopManagementServers")).contains("ms1: service 'cloud-management' stop");
    assertThat(actions(plan, "Task_StopUsageServers")).containsExactly("usage1: service 'cloud-usage' stop");
    assertThat(actions(plan, "Task_UpgradeManagementPackages")).contains("ms1: yum -y install 'cloudstack-management'");
    assertThat(actions(plan, "CallActivity_StartManagementServers")).contains("ms2: service 'cloudstack-management' start");
    assertThat(stepIds(plan)).contains("Gate_ComponentsXml", "Gate_ApiAuthenticator");
  }

  @Test
  void a431PlanBacksUpUsageTooAndNeedsNoTemplatesOrSystemVmRestart() {
    UpgradePlan plan = PlanBuilder.plan(estate(), facts("4.3.1", Optional.empty()));
    assertThat(plan.processId()).isEqualTo("CloudStack431To432");
    assertThat(stepIds(plan)).doesNotContain("Gate_SystemVmTemplates", "CallActivity_RestartSystemVms");
    assertThat(actions(plan, "CallActivity_BackupDatabase")).hasSize(2);
    assertThat(actions(plan, "Task_UpgradeUsagePackages")).contains("usage1: yum -y upgrade 'cloudstack-usage'");
  }

  @Test
  void refusesSourcesWithoutAnAutomatedPath() {
    assertThatThrownBy(() -> PlanBuilder.plan(estate(), facts("2.2.13", Optional.empty())))
        .hasMessage("CloudStack 2.2.13 cannot be upgraded to 4.3 directly: upgrade to 2.2.14 first");
    assertThatThrownBy(() -> PlanBuilder.plan(estate(), facts("3.0.7", Optional.empty())))
        .hasMessage("CloudStack 3.0.7 needs path CloudStack30xTo43, which is not automated yet");
  }
}
