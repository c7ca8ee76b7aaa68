package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.remote.FileEdit;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.testing.LabRig;

/** The check-then-act host steps against a lab estate over real SSH; judged by the lab's journal. */
class HostStepsLabTest {

  @TempDir
  static Path dir;
  static LabRig rig;
  static SshjRemoteShell shell;
  static LabEstate estate;
  static Environment env;

  @BeforeAll
  static void start() {
    rig = LabRig.start(dir, p -> p.withDatabase("none"), "lab-cs-42x", "lab-cs-40x");
    estate = rig.estate("lab-cs-42x");
    env = estate.environment();
    shell = new SshjRemoteShell(new SshProperties(null, null, null, dir.resolve("step-logs"), null, null, null));
  }

  @AfterAll
  static void stop() {
    shell.close();
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.estates().forEach(LabEstate::reset);
  }

  private static List<String> journal(String host) {
    LabRig.awaitJobsEnded(estate);
    return estate.host(host).state().journal().commands();
  }

  @Test
  void stopsAndStartsEachServiceExactlyOnce() {
    HostServices services = new HostServices(shell);

    assertThat(services.ensureStopped(env, "ms1", "cloudstack-management")).isTrue();
    assertThat(services.ensureStopped(env, "ms1", "cloudstack-management")).isFalse();
    assertThat(estate.host("ms1").state().services().get("cloudstack-management").running()).isFalse();
    assertThat(services.ensureRunning(env, "ms1", "cloudstack-management")).isTrue();
    assertThat(services.ensureRunning(env, "ms1", "cloudstack-management")).isFalse();

    assertThat(journal("ms1")).containsExactly("service 'cloudstack-management' stop",
        "service 'cloudstack-management' start");
  }

  @Test
  void anUnknownServiceIsAClearError() {
    HostServices services = new HostServices(shell);
    assertThatThrownBy(() -> services.ensureStopped(env, "ms1", "cloud-management"))
        .isInstanceOf(RemoteShellException.class)
        .hasMessageStartingWith("ms1: status of cloud-management is unknown");
    assertThat(journal("ms1")).isEmpty();
  }

  @Test
  void pointsRepositoriesOnceAndTheUpgradeThenTakesTheTargetRelease() {
    RepositoryPointer repositories = new RepositoryPointer(shell);
    for (Host host : List.of(env.hosts(HostRole.MANAGEMENT_SERVER).get(0),
        env.hosts(HostRole.KVM_HOST).stream().filter(h -> h.os() == OsFamily.UBUNTU).findFirst().orElseThrow())) {
      FileEdit first = repositories.pointAt(env, host, "4.3");
      FileEdit again = repositories.pointAt(env, host, "4.3");
      assertThat(first.changed()).isTrue();
      assertThat(first.backup()).isNotNull();
      assertThat(again.changed()).isFalse();
      String content = shell.readFile(RemoteTarget.of(env, host.name()), RepositoryFile.path(host.os()));
      assertThat(RepositoryFile.pointsAt(host.os(), content)).isEqualTo("4.3");
    }
    Host ms1 = env.host("ms1").orElseThrow();
    var upgrade = shell.exec(RemoteTarget.of(env, "ms1"), HostCommands.upgradePackage(ms1.os(), "cloudstack-management"));
    assertThat(upgrade.exitStatus()).as(upgrade.stdout() + upgrade.stderr()).isZero();
    assertThat(estate.host("ms1").state().packages().get("cloudstack-management")).startsWith("4.3.");
  }

  /** The steps of the KVM fragment in order, waiting for the detached package run as the timer polls would. */
  private static boolean upgradeAgent(KvmAgentUpgrade agents, KvmAgentUpgrade.KvmHost host) {
    agents.pointRepository(host);
    agents.stopAgent(host);
    String job = agents.startUpgrade(host, "run-1");
    if (job != null) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> !agents.checkUpgrade(host, job).running());
    }
    agents.ensureProperties(host);
    agents.startAgent(host);
    return job != null;
  }

  private static KvmAgentUpgrade agents() {
    HostServices services = new HostServices(shell);
    return new KvmAgentUpgrade(shell, services, new RepositoryPointer(shell), new DetachedPackageUpgrade(shell));
  }

  @Test
  void upgradesEachKvmAgentOnceAndFixesItsProperties() {
    KvmAgentUpgrade agents = agents();
    for (Host host : env.hosts(HostRole.KVM_HOST)) {
      var kvm = new KvmAgentUpgrade.KvmHost(env, host, Naming.CURRENT, CloudStackVersion.of(4, 3, 0));
      assertThat(agents.installedAgent(kvm)).startsWith("4.2.");
      assertThat(upgradeAgent(agents, kvm)).as(host.name()).isTrue();
      assertThat(upgradeAgent(agents, kvm)).as(host.name() + " again").isFalse();

      assertThat(agents.installedAgent(kvm)).startsWith("4.3.");
      var state = estate.host(host.name()).state();
      assertThat(state.services().get("cloudstack-agent").running()).isTrue();
      String properties = shell.readFile(RemoteTarget.of(env, host.name()), "/etc/cloudstack/agent/environment.properties");
      assertThat(properties).contains(AgentProperties.PATHS_SCRIPT);
      // the package run is a detached job: the lab journals the job's process once
      assertThat(journal(host.name()).stream().filter(c -> c.startsWith("setsid nohup") && c.contains("upgrade")).count())
          .as(String.join("\n", journal(host.name()))).isEqualTo(1);
      assertThat(journal(host.name())).containsOnlyOnce("service 'cloudstack-agent' stop", "service 'cloudstack-agent' start");
    }
  }

  @Test
  void refusesToReportSuccessWhenTheRepositoryStillPointsAtTheOldRelease() {
    KvmAgentUpgrade agents = agents();
    Host kvm = env.hosts(HostRole.KVM_HOST).get(0);
    var host = new KvmAgentUpgrade.KvmHost(env, kvm, Naming.CURRENT, CloudStackVersion.of(4, 3, 0));
    String job = agents.startUpgrade(host, "run-2");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
        .until(() -> shell.jobStatus(RemoteTarget.of(env, kvm.name()), job, 1).finished());
    assertThatThrownBy(() -> agents.checkUpgrade(host, job))
        .isInstanceOf(KvmHostFailure.class)
        .hasMessageContaining("does the repository point at 4.3?");
  }

  @Test
  void upgradesManagementServersOnceAndInstallsTheRenamedPackageOn40() {
    ManagementPackages packages = new ManagementPackages(shell);
    RepositoryPointer repositories = new RepositoryPointer(shell);
    for (Host ms : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      repositories.pointAt(env, ms, "4.3");
      ManagementPackages.Result first = packages.upgrade(env, ms, Naming.CURRENT, CloudStackVersion.of(4, 3, 0));
      assertThat(first.changed()).isTrue();
      assertThat(first.versionBefore()).startsWith("4.2.");
      assertThat(packages.upgrade(env, ms, Naming.CURRENT, CloudStackVersion.of(4, 3, 0)).changed()).isFalse();
    }

    LabEstate old = rig.estate("lab-cs-40x");
    Environment env40 = old.environment();
    Host ms1 = env40.host("ms1").orElseThrow();
    repositories.pointAt(env40, ms1, "4.3");
    ManagementPackages.Result renamed = packages.upgrade(env40, ms1, Naming.LEGACY, CloudStackVersion.of(4, 3, 0));
    assertThat(renamed.versionBefore()).isNull();
    assertThat(renamed.versionAfter()).startsWith("4.3.");
    assertThat(old.host("ms1").state().packages()).containsKey("cloudstack-management").doesNotContainKey("cloud-client");
    assertThat(old.host("ms1").state().journal().commands()).contains(
        HostCommands.installPackage(ms1.os(), "cloudstack-management").toString());
  }
}
