package org.upgradeflow.lab.estate;

import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.LabSsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.Product;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostState;

/**
 * Every estate in its initial state, and the behaviours UpgradeFlow relies on, over real SSH
 * (sshj, the lab's key and known_hosts). Databases are covered by LabCloudDatabaseTest.
 */
class LabEstatesTest {

  @TempDir
  static Path labDir;
  static LabRig rig;

  @BeforeAll
  static void start() {
    // every estate (none named), without databases
    rig = LabRig.start(labDir, p -> p.withDatabase("none"));
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.estates().forEach(LabEstate::reset);
  }

  static LabEstate estate(String id) {
    return rig.estate(id);
  }

  static LabHostState state(String estate, String host) {
    return estate(estate).host(host).state();
  }

  @Test
  void allTenEstatesAreThereWithTheirProduct() {
    assertThat(rig.estates()).extracting(LabEstate::id).containsExactlyInAnyOrder("lab-cs-431", "lab-cs-430",
        "lab-cs-42x", "lab-cs-41x", "lab-cs-40x", "lab-cs-30x", "lab-cs-2214", "lab-um-42", "lab-um-44", "lab-um-46");
    assertThat(estate("lab-um-46").environment().product()).isEqualTo(Product.USAGEMETER);
    assertThat(estate("lab-um-46").environment().hosts()).singleElement()
        .satisfies(h -> assertThat(h.os()).isEqualTo(OsFamily.PHOTON));
    assertThat(state("lab-um-42", "um1").packages()).containsEntry("vmware-cloudusagemetering", "4.2.0.0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lab-cs-431", "lab-cs-430", "lab-cs-42x", "lab-cs-41x", "lab-cs-40x", "lab-cs-30x", "lab-cs-2214"})
  void cloudStackEstateShape(String id) throws IOException {
    LabEstate estate = estate(id);
    Environment env = estate.environment();
    String release = estate.definition().release();
    assertThat(env.product()).isEqualTo(Product.CLOUDSTACK);
    assertThat(env.knownHosts()).isEqualTo(rig.fleet().knownHostsFile());
    assertThat(env.hosts(HostRole.MANAGEMENT_SERVER)).hasSize(2);
    assertThat(env.hosts(HostRole.USAGE_SERVER)).hasSize(1);
    assertThat(env.hosts(HostRole.DATABASE_HOST)).hasSize(1);
    assertThat(env.hosts(HostRole.KVM_HOST)).extracting(h -> h.os()).containsExactlyInAnyOrder(OsFamily.RHEL, OsFamily.UBUNTU);
    assertThat(env.hosts(HostRole.XENSERVER_HOST)).hasSize(3);
    assertThat(env.xenServerPools()).singleElement().satisfies(p -> {
      assertThat(p.master()).isEqualTo("xen1");
      assertThat(p.members()).containsExactly("xen2", "xen3");
    });
    assertThat(env.vmwareClusters()).singleElement()
        .satisfies(c -> assertThat(c.password().reveal()).isEqualTo(EstateHosts.vcenterPassword(id)));
    assertThat(env.zones()).hasSize(2);
    assertThat(env.hosts()).allSatisfy(h -> {
      assertThat(h.ssh().privateKey()).isEqualTo(rig.fleet().clientKeyFile());
      assertThat(Files.readString(env.knownHosts())).contains("[127.0.0.1]:" + h.port() + " ssh-ed25519 ");
    });

    boolean newNames = !List.of("lab-cs-40x", "lab-cs-30x", "lab-cs-2214").contains(id);
    String etc = newNames ? "/etc/cloudstack" : "/etc/cloud";
    LabHostState ms = state(id, "ms1");
    LabHostState kvmRhel = state(id, "kvm-rhel-1");
    LabHostState kvmUbuntu = state(id, "kvm-ubuntu-1");
    String repoVersion = estate.definition().repositoryVersion();
    if (newNames) {
      assertThat(ms.packages()).containsEntry("cloudstack-management", release).containsEntry("cloudstack-common", release);
      assertThat(ms.services()).containsKey("cloudstack-management");
      assertThat(kvmRhel.packages()).containsEntry("cloudstack-agent", release);
      assertThat(state(id, "usage1").services().get("cloudstack-usage").running()).isTrue();
    } else {
      assertThat(ms.packages()).containsEntry("cloud-client", release).doesNotContainKey("cloudstack-management");
      assertThat(ms.services().get("cloud-management").running()).isTrue();
      assertThat(kvmUbuntu.packages()).containsEntry("cloud-agent", release);
      assertThat(Files.exists(ms.path("/etc/cloud/management/components.xml"))).isTrue();
    }
    assertThat(Files.readString(ms.path("/etc/yum.repos.d/cloudstack.repo")))
        .contains("baseurl=http://cloudstack.lab/rhel/" + repoVersion + "/");
    assertThat(Files.readString(kvmUbuntu.path("/etc/apt/sources.list.d/cloudstack.list")))
        .isEqualTo("deb http://cloudstack.lab/ubuntu precise " + repoVersion + "\n");
    assertThat(Files.readString(ms.path(etc + "/management/key"))).isEqualTo(EstateHosts.managementKey(id) + "\n");
    assertThat(Files.readString(kvmRhel.path(etc + "/agent/agent.properties"))).contains(newNames
        ? "resource=com.cloud.hypervisor.kvm.resource.LibvirtComputingResource"
        : "resource=com.cloud.agent.resource.computing.LibvirtComputingResource");
    assertThat(Files.exists(kvmUbuntu.path(etc + "/agent/environment.properties"))).isTrue();
    assertThat(Files.readString(ms.path((newNames ? "/var/log/cloudstack" : "/var/log/cloud")
        + "/management/management-server.log"))).contains("DB version and code version matches so no upgrade needed.");
    assertThat(kvmRhel.services().values()).allSatisfy(s -> assertThat(s.running()).isTrue());
  }

  @Test
  void yumUpgradeTakesTheVersionOfTheRepositoryTheHostPointsAt() throws Exception {
    Environment env = estate("lab-cs-42x").environment();
    try (LabSsh ssh = new LabSsh(env, "ms1")) {
      assertThat(ssh.exec("rpm -q cloudstack-management")).isEqualTo(
          new LabSsh.Result(0, "cloudstack-management-4.2.1-1.el6.x86_64\n", ""));
      LabSsh.Result nothing = ssh.exec("yum -y update cloudstack-management");
      assertThat(nothing.exitCode()).isZero();
      assertThat(nothing.out()).contains("No Packages marked for Update");
      assertThat(state("lab-cs-42x", "ms1").journal().entries()).isEmpty();

      String repo = ssh.read("/etc/yum.repos.d/cloudstack.repo");
      ssh.write("/etc/yum.repos.d/cloudstack.repo", repo.replace("/rhel/4.2/", "/rhel/4.3/"));
      LabSsh.Result upgraded = ssh.exec("yum -y update cloudstack-management");
      assertThat(upgraded.exitCode()).isZero();
      assertThat(upgraded.out()).contains("Updated:", "cloudstack-management.x86_64 0:4.3.2-1.el6", "Complete!");
      assertThat(ssh.exec("rpm -q --qf '%{VERSION}\\n' cloudstack-management cloudstack-common").out())
          .isEqualTo("4.3.2\n4.3.2\n");
      assertThat(ssh.exec("yum -y update cloudstack-management").out()).contains("No Packages marked for Update");
      assertThat(ssh.exec("rpm -q cloudstack-agent")).isEqualTo(
          new LabSsh.Result(1, "package cloudstack-agent is not installed\n", ""));
    }
    assertThat(state("lab-cs-42x", "ms1").journal().commands())
        .containsExactly("sftp write /etc/yum.repos.d/cloudstack.repo", "yum -y update cloudstack-management");
  }

  @Test
  void yumWithoutYesAsksAndEndOfInputDeclines() throws Exception {
    LabHostState ms = state("lab-cs-430", "ms1");
    Files.writeString(ms.path("/etc/yum.repos.d/cloudstack.repo"), Files.readString(ms.path("/etc/yum.repos.d/cloudstack.repo"))
        .replace("/4.3.0/", "/4.3.1/"));
    try (LabSsh ssh = new LabSsh(estate("lab-cs-430").environment(), "ms1")) {
      LabSsh.Result declined = ssh.exec("yum upgrade cloudstack-management");
      assertThat(declined.exitCode()).isEqualTo(1);
      assertThat(declined.out()).contains("Is this ok [y/N]: ", "Exiting on user Command");
      assertThat(ms.packages()).containsEntry("cloudstack-management", "4.3.0");
      assertThat(ssh.exec("yum upgrade cloudstack-management", "y\n").exitCode()).isZero();
      assertThat(ms.packages()).containsEntry("cloudstack-management", "4.3.1");
    }
  }

  @Test
  void aptUpgradesFromTheIndexThatAptGetUpdateReadsFromTheSourcesList() throws Exception {
    LabHostState kvm = state("lab-cs-41x", "kvm-ubuntu-1");
    try (LabSsh ssh = new LabSsh(estate("lab-cs-41x").environment(), "kvm-ubuntu-1")) {
      assertThat(ssh.exec("dpkg-query -W cloudstack-agent").out()).isEqualTo("cloudstack-agent\t4.1.1\n");
      LabSsh.Result misuse = ssh.exec("apt-get update cloudstack-agent");
      assertThat(misuse).isEqualTo(new LabSsh.Result(100, "", "E: The update command takes no arguments\n"));

      ssh.write("/etc/apt/sources.list.d/cloudstack.list", "deb http://cloudstack.lab/ubuntu precise 4.3\n");
      LabSsh.Result stale = ssh.exec("apt-get -y install --only-upgrade cloudstack-agent");
      assertThat(stale.exitCode()).isZero();
      assertThat(stale.out()).contains("cloudstack-agent is already the newest version.", "0 upgraded, 0 newly installed");
      assertThat(kvm.packages()).containsEntry("cloudstack-agent", "4.1.1");

      assertThat(ssh.exec("apt-get update").exitCode()).isZero();
      // dpkg asks about the changed conffiles; no answer (end of input) fails and installs nothing
      LabSsh.Result unanswered = ssh.exec("apt-get -y install --only-upgrade cloudstack-agent");
      assertThat(unanswered.exitCode()).isEqualTo(100);
      assertThat(unanswered.out()).contains("Configuration file `/etc/cloudstack/agent/agent.properties'",
          "*** agent.properties (Y/I/N/O/D/Z) [default=N] ? ");
      assertThat(unanswered.err()).contains("EOF on stdin at conffile prompt");
      assertThat(kvm.packages()).containsEntry("cloudstack-agent", "4.1.1");
      String agentProperties = ssh.read("/etc/cloudstack/agent/agent.properties");
      // "say Yes" to keeping the configuration: N for agent.properties, Enter (the default, keep) for log4j-cloud.xml
      LabSsh.Result upgraded = ssh.exec("apt-get -y install --only-upgrade cloudstack-agent", "N\n\n");
      assertThat(upgraded.exitCode()).isZero();
      assertThat(ssh.read("/etc/cloudstack/agent/agent.properties")).isEqualTo(agentProperties);
      assertThat(ssh.read("/etc/cloudstack/agent/agent.properties.dpkg-dist")).contains("host=localhost");
      assertThat(upgraded.out()).contains("*** log4j-cloud.xml (Y/I/N/O/D/Z) [default=N] ? ")
          .doesNotContain("*** environment.properties"); // unchanged against the package: no question
      assertThat(upgraded.out()).contains("The following packages will be upgraded:", "Setting up cloudstack-agent (4.3.2) ...");
      assertThat(ssh.exec("dpkg-query -W -f='${Version}' cloudstack-agent").out()).isEqualTo("4.3.2");
      assertThat(ssh.exec("dpkg-query -W nosuch")).isEqualTo(
          new LabSsh.Result(1, "", "dpkg-query: no packages found matching nosuch\n"));
    }
  }

  @Test
  void fourZeroPackagesAreReplacedByCloudStackPackagesWithTheirConfiguration() throws Exception {
    Environment env = estate("lab-cs-40x").environment();
    LabHostState ms = state("lab-cs-40x", "ms1");
    try (LabSsh ssh = new LabSsh(env, "ms1")) {
      assertThat(ssh.exec("yum -y upgrade cloud-client").out()).contains("No Packages marked for Update");
      ssh.write("/etc/yum.repos.d/cloudstack.repo",
          ssh.read("/etc/yum.repos.d/cloudstack.repo").replace("/rhel/4.0/", "/rhel/4.3/"));
      assertThat(ssh.exec("service cloud-management stop").exitCode()).isZero();
      LabSsh.Result r = ssh.exec("yum -y upgrade cloud-client");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("replacing  cloud-client.x86_64 4.0.2-1.el6", "Replaced:", "Complete!");
    }
    assertThat(ms.packages()).containsEntry("cloudstack-management", "4.3.2").containsEntry("cloudstack-common", "4.3.2")
        .doesNotContainKeys("cloud-client", "cloud-server", "cloud-utils");
    assertThat(Files.readString(ms.path("/etc/cloudstack/management/key"))).isEqualTo(EstateHosts.managementKey("lab-cs-40x") + "\n");
    assertThat(Files.exists(ms.path("/etc/cloudstack/management/db.properties"))).isTrue();
    assertThat(ms.services()).containsKey("cloudstack-management").doesNotContainKey("cloud-management");
    assertThat(ms.services().get("cloudstack-management").running()).isFalse();

    LabHostState kvm = state("lab-cs-40x", "kvm-ubuntu-1");
    try (LabSsh ssh = new LabSsh(env, "kvm-ubuntu-1")) {
      ssh.write("/etc/apt/sources.list.d/cloudstack.list", "deb http://cloudstack.lab/ubuntu precise 4.3\n");
      ssh.exec("apt-get update");
      LabSsh.Result r = ssh.exec("apt-get -y -o Dpkg::Options::=--force-confold install cloudstack-agent");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("The following packages will be REMOVED:", "cloud-agent",
          "The following NEW packages will be installed:", "cloudstack-agent");
      assertThat(r.out()).contains("==> Using current old file as you requested.");
      assertThat(Files.readString(kvm.path("/etc/cloudstack/agent/agent.properties")))
          .isEqualTo(Files.readString(kvm.path("/etc/cloud/agent/agent.properties")));
      // the old agent still runs until stopped; jsvc then ends nothing more
      assertThat(kvm.services().get("cloud-agent").running()).isTrue();
      assertThat(ssh.exec("service cloud-agent stop").exitCode()).isZero();
      assertThat(kvm.services()).doesNotContainKey("cloud-agent");
      assertThat(ssh.exec("killall jsvc")).isEqualTo(new LabSsh.Result(1, "", "jsvc: no process found\n"));
      // the copied properties still name the 4.0 resource class and script path: the 4.3 agent refuses them
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isEqualTo(1);
      String props = ssh.read("/etc/cloudstack/agent/agent.properties");
      ssh.write("/etc/cloudstack/agent/agent.properties", props.replace("com.cloud.agent.resource.computing.LibvirtComputingResource",
          "com.cloud.hypervisor.kvm.resource.LibvirtComputingResource"));
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isEqualTo(1); // paths.script still 4.0's
      ssh.write("/etc/cloudstack/agent/environment.properties", "paths.script=/usr/share/cloudstack-common\n");
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isZero();
      assertThat(ssh.exec("dpkg --purge cloud-agent").err()).contains("which isn't installed");
    }
    assertThat(kvm.services().get("cloudstack-agent").running()).isTrue();
  }

  @Test
  void serviceStopAndStartAreJournalledOnceAndAStoppedServiceIsNotStoppedAgain() throws Exception {
    LabHostState ms = state("lab-cs-431", "ms2");
    try (LabSsh ssh = new LabSsh(estate("lab-cs-431").environment(), "ms2")) {
      assertThat(ssh.exec("service cloudstack-management status"))
          .satisfies(r -> assertThat(r.exitCode()).isZero());
      LabSsh.Result stop = ssh.exec("service cloudstack-management stop");
      assertThat(stop.exitCode()).isZero();
      assertThat(stop.out()).startsWith("Stopping cloudstack-management:").contains("[  OK  ]");
      assertThat(ssh.exec("service cloudstack-management stop").exitCode()).isEqualTo(1);
      assertThat(ssh.exec("service cloudstack-management status"))
          .isEqualTo(new LabSsh.Result(3, "cloudstack-management is stopped\n", ""));
      assertThat(ssh.exec("service cloudstack-management start").exitCode()).isZero();
      assertThat(ssh.exec("service nosuch start")).isEqualTo(new LabSsh.Result(1, "", "nosuch: unrecognized service\n"));
      assertThat(ssh.exec("systemctl stop cloudstack-management").exitCode()).isEqualTo(127);
    }
    assertThat(ms.journal().entries()).extracting(e -> e.command() + " -> " + e.exitCode())
        .containsExactly("service cloudstack-management stop -> 0", "service cloudstack-management start -> 0");
    assertThat(ms.journal().entries()).allSatisfy(e -> assertThat(e.time()).isNotNull());
    assertThat(ms.services().get("cloudstack-management").running()).isTrue();
  }

  @Test
  void photonAppliancesUseSystemctl() throws Exception {
    LabHostState um = state("lab-um-44", "um1");
    try (LabSsh ssh = new LabSsh(estate("lab-um-44").environment(), "um1")) {
      assertThat(ssh.exec("systemctl is-enabled sshd")).isEqualTo(new LabSsh.Result(1, "disabled\n", ""));
      assertThat(ssh.exec("systemctl enable sshd").exitCode()).isZero();
      assertThat(ssh.exec("systemctl stop sshd; systemctl is-active sshd")).isEqualTo(new LabSsh.Result(3, "inactive\n", ""));
      assertThat(ssh.exec("systemctl start nosuch").exitCode()).isEqualTo(5);
    }
    assertThat(um.services().get("sshd")).satisfies(s -> {
      assertThat(s.enabled()).isTrue();
      assertThat(s.running()).isFalse();
    });
    assertThat(um.journal().commands()).containsExactly("systemctl enable sshd", "systemctl stop sshd; systemctl is-active sshd");
  }

  @Test
  void filesLargerThanOneSftpReadComeBackWhole() throws Exception {
    String big = "0123456789abcdef\n".repeat(5000);
    try (LabSsh ssh = new LabSsh(estate("lab-cs-42x").environment(), "db1")) {
      ssh.write("/root/big.txt", big);
      assertThat(ssh.exec("wc -c < /root/big.txt").out().trim()).isEqualTo(String.valueOf(big.length()));
      assertThat(ssh.read("/root/big.txt")).isEqualTo(big);
    }
  }

  @Test
  void unknownCommandsStay127() throws Exception {
    try (LabSsh ssh = new LabSsh(estate("lab-cs-42x").environment(), "kvm-rhel-1")) {
      assertThat(ssh.exec("apt-get update").exitCode()).isEqualTo(127);
      assertThat(ssh.exec("cloudstack-sysvmadm -a").exitCode()).isEqualTo(127);
    }
  }

  @Test
  void rebootTakesTheHostDownAndBringsEnabledServicesBack() throws Exception {
    LabHost kvm = estate("lab-cs-41x").host("kvm-rhel-1");
    LabSsh ssh = new LabSsh(estate("lab-cs-41x").environment(), "kvm-rhel-1");
    ssh.exec("service cloudstack-agent stop");
    try {
      ssh.exec("reboot");
      ssh.close();
    } catch (IOException dropped) {
      // a rebooting host may drop the session before the exit status arrives, as a real one does
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> kvm.isUp() && kvm.state().services().get("cloudstack-agent").running());
    assertThat(kvm.state().journal().commands()).containsExactly("service cloudstack-agent stop", "reboot");
  }

  @Test
  void resetRestoresTheExactInitialState() throws Exception {
    LabEstate estate = estate("lab-cs-30x");
    Map<String, Object> before = estate.truth();
    Map<String, Map<String, String>> filesBefore = LabRig.files(estate);
    try (LabSsh ssh = new LabSsh(estate.environment(), "ms1")) {
      ssh.write("/etc/yum.repos.d/cloudstack.repo", "[cloudstack]\nbaseurl=http://cloudstack.lab/rhel/4.3/\n");
      ssh.exec("service cloud-management stop");
      ssh.exec("yum -y update cloud-*");
      ssh.exec("mkdir -p /root/upgradeflow && echo x > /root/upgradeflow/marker");
    }
    assertThat(estate.truth()).isNotEqualTo(before);
    estate.reset();
    assertThat(estate.truth()).isEqualTo(before);
    assertThat(LabRig.files(estate)).isEqualTo(filesBefore);
  }

}
