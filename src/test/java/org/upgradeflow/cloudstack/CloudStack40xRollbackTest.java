package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.lab.behaviour.PackageFiles;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.LabTimings;
import org.upgradeflow.lab.host.ServiceState;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.LabSsh;

/**
 * Rolling a 4.0 estate back after the package rename ({@code cloudstack-*} back to
 * {@code cloud-*}, {@code /etc/cloud}) and the evidence of Gate_ComponentsXml, on the engine
 * against lab-cs-40x, judged by the lab's truth: hosts, services, packages, repository files,
 * configuration trees and every database row compared with the estate's initial state (but the
 * management servers' heartbeat time in {@code mshost}).
 */
@ServiceTest
class CloudStack40xRollbackTest {

  private static final String ESTATE = "lab-cs-40x";

  @TempDir
  static Path dir;
  static LabRig lab;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  @Autowired SourceReinstall reinstall;
  PathRuns runs;
  LabEstate estate;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, ESTATE);
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @BeforeEach
  void setUp() {
    runs = new PathRuns(runtime, tasks, management, identity, history);
    estate = lab.estate(ESTATE);
    estate.reset();
    registry.register(estate.environment());
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void aFailedDatabaseUpgradeRolledBackReinstallsThe40PackagesAndLeavesTheEstateAsAtItsStart() throws Exception {
    // VMware's 4.3 template is not registered: only an override gets past the gate, and the database upgrade fails
    CloudStackLab.of(estate).orElseThrow().setTemplateDownload("XenServer", "DOWNLOADED", 100);
    Map<String, Object> initial = snapshot();
    String run = runs.start(ESTATE, "ops");
    runs.drive(run);
    runs.decide(run, "ApprovePlan", "cm", "approve", null);
    runs.decide(run, "ApprovePlan", "cm2", "approve", null);
    runs.decide(run, "SystemVmTemplates", "cm", "override", "VMware cluster is being retired; accepted risk");

    // Gate_ComponentsXml: ms1 has a site's fencing adapter, ms2 the stock file
    var componentsXml = runs.gate(run, "ComponentsXml");
    String summary = (String) runtime.getVariable(componentsXml.getProcessInstanceId(), "gateEvidenceSummary");
    String rows = (String) runtime.getVariable(componentsXml.getProcessInstanceId(), "gateEvidenceRows");
    assertThat(summary).contains("ms1: 1 customisation in /etc/cloud/management/components.xml",
        "added management-server/adapters[com.cloud.ha.FenceBuilder]/adapter[IpmiFenceBuilder]",
        "class=org.example.cloud.ha.IpmiFencer", "ms2: no customisation found",
        "compared with UpgradeFlow's abridged 4.0 reference");
    assertThat(rows).contains("ms1 componentContext.xml\t/etc/cloudstack/management/componentContext.xml",
        "ms1 components.xml\t/etc/cloud/management/components.xml", "ms1 customisation 1\tadded ",
        "ms2 customisation\tno customisation found");
    runs.decide(run, "ComponentsXml", "cm", "approve", "IpmiFencer carried over by hand");
    runs.decide(run, "ApiAuthenticator", "cm", "md5-compatible", null);

    var resolve = runs.gate(run, "ResolveFailure");
    assertThat((String) runtime.getVariable(resolve.getProcessInstanceId(), "gateEvidenceSummary"))
        .contains("database upgrade on ms1 failed", "VMware SystemVm template not found");
    assertThat(estate.host("ms1").state().packages()).containsKey("cloudstack-management").doesNotContainKey("cloud-client");
    runs.decide(run, "ResolveFailure", "cm", "rollback", "database upgrade failed; back to 4.0.2");

    runs.assertRolledBack(run);
    assertSameAsAtStart(initial);
    for (String server : List.of("ms1", "ms2")) {
      // one detached package run per host: remove, then install, as one script
      assertThat(rollbackPackageScript(server, run)).as(server).isEqualTo("yum -y remove 'cloudstack-management'"
          + " 'cloudstack-common' && yum -y install 'cloud-client-4.0.2' 'cloud-server-4.0.2' 'cloud-utils-4.0.2'"
          + " 'cloud-setup-4.0.2' 'cloud-scripts-4.0.2'");
      assertThat(packageJobsStarted(server)).as(server).isOne();
      assertThat(Files.isDirectory(estate.host(server).state().path("/etc/cloudstack.upgradeflow-rollback-" + run)))
          .as(server + ": the 4.3 configuration kept aside").isTrue();
    }
    assertThat(rollbackPackageScript("usage1", run)).isEqualTo("yum -y remove 'cloudstack-usage' 'cloudstack-common'"
        + " && yum -y install 'cloud-usage-4.0.2' 'cloud-utils-4.0.2'");
    assertThat(packageJobsStarted("usage1")).isOne();
    // one job per host: each package host its own instance of the reinstall step
    String rollback = history.createHistoricProcessInstanceQuery().rootProcessInstanceId(run)
        .processDefinitionKey("CloudStackRollback").singleResult().getId();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(rollback)
        .activityId("Task_VerifySourcePackages").count()).isEqualTo(5);
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(rollback).variableName("rollbackSummary")
        .singleResult().getValue().toString().lines()).hasSize(5).anyMatch(l -> l.startsWith("kvm-rhel-1: packages at 4.0.2"));
    // the agents were not reached before the failure: nothing to roll back there
    assertThat(estate.host("kvm-rhel-1").state().journal().commands()).noneMatch(c -> c.contains("yum"));
  }

  @Test
  void kvmAgentsComeBackFromApt_andYumTo40AndASecondRollbackDoesNothing() throws Exception {
    // the host rows are compared with the start: agents connect at once, so each row is Up when its
    // agent's start returns (with the lab's connect delay the row was read while still Disconnected)
    CloudStackLab cloud = CloudStackLab.of(estate).orElseThrow();
    LabTimings before = cloud.timings();
    cloud.setTimings(before.withAgentConnect(java.time.Duration.ZERO));
    try {
      agentsComeBackAndASecondRollbackDoesNothing();
    } finally {
      cloud.setTimings(before);
    }
  }

  private void agentsComeBackAndASecondRollbackDoesNothing() throws Exception {
    Map<String, Object> initial = snapshot();
    try (LabSsh rhel = new LabSsh(estate.environment(), "kvm-rhel-1");
        LabSsh ubuntu = new LabSsh(estate.environment(), "kvm-ubuntu-1")) {
      // what the 4.0 path does to an agent (the seed's commands)
      rhel.write("/etc/yum.repos.d/cloudstack.repo", "[cloudstack]\nname=cloudstack\nbaseurl=http://cloudstack.lab/rhel/4.3/\n"
          + "enabled=1\ngpgcheck=0\n");
      assertThat(rhel.exec("service cloud-agent stop && yum -y upgrade cloud-agent").exitCode()).isZero();
      ubuntu.write("/etc/apt/sources.list.d/cloudstack.list", "deb http://cloudstack.lab/ubuntu precise 4.3\n");
      assertThat(ubuntu.exec("service cloud-agent stop && apt-get update && apt-get -y "
          + "-o Dpkg::Options::=--force-confold install cloudstack-agent").exitCode()).isZero();
    }
    assertThat(estate.host("kvm-ubuntu-1").state().packages()).containsKey("cloudstack-agent").doesNotContainKey("cloud-agent");
    assertThat(estate.host("kvm-rhel-1").state().packages()).containsKey("cloudstack-agent").doesNotContainKey("cloud-agent");

    for (String name : List.of("kvm-rhel-1", "kvm-ubuntu-1")) {
      Host host = estate.environment().host(name).orElseThrow();
      // the repository files here were written by hand, without the upgrade's backup copies: pointed at the 4.0 series
      SourceReinstall.Result r = reinstall.reinstall(estate.environment(), host, "4.0.2", "test-run");
      assertThat(r.packagesReinstalled()).as(name).contains("-cloudstack-agent", "cloud-agent");
      startAgent(name);
    }
    assertThat(estate.host("kvm-ubuntu-1").state().journal().commands()).containsOnlyOnce(
        "DEBIAN_FRONTEND=noninteractive apt-get -y remove 'cloudstack-agent' 'cloudstack-common'"
            + " && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y --force-yes -o Dpkg::Options::=--force-confold"
            + " install 'cloud-agent=4.0.2' 'cloud-agent-libs=4.0.2' 'cloud-utils=4.0.2' 'cloud-scripts=4.0.2'");
    assertSameAsAtStart(initial);

    // safe to run twice: a second rollback of the same hosts sends no state-changing command
    int before = journalSize();
    for (String name : List.of("kvm-rhel-1", "kvm-ubuntu-1")) {
      assertThat(reinstall.reinstall(estate.environment(), estate.environment().host(name).orElseThrow(), "4.0.2", "test-run")
          .packagesReinstalled()).isEmpty();
    }
    assertThat(journalSize()).isEqualTo(before);
  }

  @Test
  void theRpmsMovedConfigurationComesBackFromCloudRpmsave() throws Exception {
    Map<String, Object> initial = snapshot();
    LabHostState ms2 = estate.host("ms2").state();
    // what the real 4.1+ cloudstack-management RPM does (cloud.spec %pre / %post): /etc/cloud moved to
    // /etc/cloud.rpmsave, the copied db.properties renamed to .rpmsave there
    Files.move(ms2.path("/etc/cloud"), ms2.path("/etc/cloud.rpmsave"));
    Files.move(ms2.path("/etc/cloud.rpmsave/management/db.properties"),
        ms2.path("/etc/cloud.rpmsave/management/db.properties.rpmsave"));
    List.of("cloud-client", "cloud-server", "cloud-utils", "cloud-setup", "cloud-scripts").forEach(ms2.packages()::remove);
    ms2.packages().put("cloudstack-management", "4.3.2");
    ms2.packages().put("cloudstack-common", "4.3.2");
    ms2.services().remove("cloud-management");
    ms2.services().put("cloudstack-management", new ServiceState(false, true));

    SourceReinstall.Result r = reinstall.reinstall(estate.environment(), estate.environment().host("ms2").orElseThrow(), "4.0.2", "rpm");
    assertThat(r.packagesReinstalled()).contains("-cloudstack-management", "cloud-client");
    new LabSsh(estate.environment(), "ms2").exec("service cloud-management start");

    assertThat(Files.isDirectory(ms2.path("/etc/cloud.rpmsave.upgradeflow-rollback-rpm"))).isTrue();
    assertSameAsAtStart(initial);
  }

  /** The script of the host's rollback package job, as its job directory records it. */
  private String rollbackPackageScript(String host, String runId) throws IOException {
    return Files.readString(estate.host(host).state().path("/var/tmp/upgradeflow/jobs/"
        + SourceReinstall.jobPrefix(runId, host) + "1/command")).strip();
  }

  /** Detached package jobs that ran on the host (the job's own line, journaled when it ends). */
  private long packageJobsStarted(String host) {
    LabRig.awaitJobsEnded(estate);
    return estate.host(host).state().journal().commands().stream()
        .filter(c -> c.startsWith("setsid nohup") && c.contains("yum -y remove")).count();
  }

  private void startAgent(String name) throws IOException {
    try (LabSsh ssh = new LabSsh(estate.environment(), name)) {
      assertThat(ssh.exec("service cloud-agent start").exitCode()).as(name).isZero();
    }
  }

  /** Names the entries that differ, so a failure says what the rollback missed. */
  private void assertSameAsAtStart(Map<String, Object> initial) throws IOException, SQLException {
    Map<String, Object> now = snapshot();
    Map<String, String> differences = new TreeMap<>();
    initial.forEach((k, v) -> {
      if (!java.util.Objects.equals(v, now.get(k))) {
        differences.put(k, "at start: " + v + "\nnow: " + now.get(k));
      }
    });
    now.keySet().stream().filter(k -> !initial.containsKey(k)).forEach(k -> differences.put(k, "new: " + now.get(k)));
    assertThat(differences).as("what differs from the estate's start").isEmpty();
  }

  private int journalSize() {
    return estate.hosts().values().stream().mapToInt(h -> h.state().journal().commands().size()).sum();
  }

  /**
   * What a rollback must bring back, per host: packages, services (running and enabled), the
   * repository file's content, every file under /etc/cloud and whether /etc/cloudstack and
   * /etc/cloud.rpmsave exist; and every row of every table of cloud and cloud_usage.
   */
  private Map<String, Object> snapshot() throws IOException, SQLException {
    Map<String, Object> state = new TreeMap<>();
    for (var e : estate.hosts().entrySet()) {
      String name = e.getKey();
      LabHostState h = e.getValue().state();
      state.put(name + " up", e.getValue().isUp());
      state.put(name + " packages", new TreeMap<>(h.packages()));
      state.put(name + " services", new TreeMap<>(h.services()));
      for (String repo : List.of("/etc/yum.repos.d/cloudstack.repo", "/etc/apt/sources.list.d/cloudstack.list")) {
        Path p = h.path(repo);
        state.put(name + " " + repo, Files.isRegularFile(p) ? Files.readString(p) : null);
      }
      state.put(name + " /etc/cloud", tree(h.path("/etc/cloud")));
      state.put(name + " /etc/cloudstack exists", Files.exists(h.path("/etc/cloudstack")));
      state.put(name + " /etc/cloud.rpmsave exists", Files.exists(h.path("/etc/cloud.rpmsave")));
      state.put(name + " " + PackageFiles.COMPONENTS_XML, Files.exists(h.path(PackageFiles.COMPONENTS_XML)));
    }
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud"); Statement s = c.createStatement()) {
      for (String schema : List.of("cloud", "cloud_usage")) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SHOW TABLES FROM `" + schema + "`")) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
        for (String table : tables) {
          List<String> rows = new ArrayList<>();
          try (ResultSet rs = s.executeQuery("SELECT * FROM `" + schema + "`.`" + table + "`")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              StringBuilder row = new StringBuilder();
              for (int i = 1; i <= columns; i++) {
                row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
              }
              // a running management server writes its heartbeat time there: the rollback started them again
              rows.add(table.equals("mshost") ? row.toString().replaceAll("last_update=(null|[0-9-]+ [0-9:.]+) ", "") : row.toString());
            }
          }
          rows.sort(null);
          state.put(schema + "." + table, rows);
        }
      }
    }
    return state;
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }
}
