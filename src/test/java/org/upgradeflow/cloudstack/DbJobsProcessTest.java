package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.testing.LabRig;

/**
 * CloudStackBackupDatabase, CloudStackRestartSystemVms and restoreIntegrationPort on the engine,
 * called as a path calls them (fixture FixtureDbJobs), against a lab estate with its MariaDB;
 * judged by the lab: dump files, database rows, system VMs restarted, journals.
 */
@ServiceTest
@ExtendWith(OutputCaptureExtension.class)
class DbJobsProcessTest {

  @TempDir
  static Path dir;
  static LabRig rig;
  static LabEstate estate;
  static CloudStackLab lab;

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  @Autowired TestRestTemplate http;
  @Autowired HostServices services;
  @Autowired RepositoryPointer repositories;
  @Autowired ManagementPackages managementPackages;
  @Autowired org.upgradeflow.remote.RemoteShell shell;
  @Autowired org.upgradeflow.remote.SshProperties sshProperties;

  @BeforeAll
  static void startLab() {
    rig = LabRig.start(dir, "lab-cs-42x");
    estate = rig.estate("lab-cs-42x");
    lab = CloudStackLab.of(estate).orElseThrow();
  }

  @AfterAll
  static void stopLab() {
    rig.close();
  }

  @BeforeEach
  void register() {
    estate.reset();
    registry.register(estate.environment());
  }

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  @Test
  void backsUpRestartsSystemVmsOnceAndPutsThePortBack(CapturedOutput output) throws Exception {
    String run = start("FixtureDbJobs", Map.of("backupUsageDatabase", true));
    drive(run);

    assertThat(ended(run, "EndEvent_Done")).as(incidents(run)).isTrue();
    // the backup: verified dumps of both databases, each taken once
    assertThat(variable(run, "backupVerified")).isEqualTo(true);
    String backupId = (String) variable(run, "backupId");
    assertThat(backupId).endsWith("/cloud+usage");
    assertThat(background("db1", "mysqldump")).hasSize(2);
    String stamp = backupId.substring(0, backupId.indexOf('/'));
    for (String db : List.of("cloud", "cloud_usage")) {
      Path dump = estate.host("db1").state().path("/var/backups/upgradeflow/lab-cs-42x-" + db + "-" + stamp + ".sql");
      assertThat(Files.readString(dump).strip()).contains("-- Dump completed");
    }
    // the system VMs: all restarted by one sysvmadm, progress on the run
    int running = 4;
    assertThat(lab.restarts()).hasSizeGreaterThanOrEqualTo(running);
    assertThat(background("ms1", "cloudstack-sysvmadm")).hasSize(1);
    assertThat(variable(run, "systemVmsDone")).isEqualTo((long) lab.restarts().size());
    assertThat(variable(run, "systemVmsTotal")).isEqualTo((long) lab.restarts().size());
    String view = http.withBasicAuth("cm", "cm").getForObject("/api/runs/" + run, String.class);
    assertThat(view).contains("\"systemVms\":{\"done\":" + lab.restarts().size() + ",\"total\":" + lab.restarts().size());
    // the port: NULL before, 8096 for sysvmadm, NULL again, and the servers restarted to close it
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(run)
        .variableName("integrationApiPortBefore").singleResult().getValue()).isNull();
    assertThat(integrationApiPort()).isNull();
    assertThat(estate.truth().get("cloudstack")).asString().contains("integrationApiPortAtLastStart=null");
    assertThat(estate.host("ms1").state().journal().commands()).containsSubsequence(
        "service 'cloudstack-management' stop", "service 'cloudstack-management' start",
        "service 'cloudstack-management' stop", "service 'cloudstack-management' start");
    // the password: read from a private file that is gone, in no journal and no variable
    assertThat(Files.exists(estate.host("ms1").state().path("/var/tmp/upgradeflow/secrets/sysvmadm.pw"))).isFalse();
    assertNoPasswordAnywhere(run, output);
  }

  @Test
  void aFailedSystemVmStopsTheRunWithItsIdAndTheLogTail(CapturedOutput output) throws Exception {
    lab.failSystemVm(2);
    String run = start("FixtureDbJobs", Map.of("backupUsageDatabase", false));
    drive(run);

    assertThat(ended(run, "EndEvent_SystemVmsFailed")).as(incidents(run)).isTrue();
    assertThat((String) variable(run, "failureSummary")).contains("ids 2");
    assertThat((String) variable(run, "failureLogTail")).contains("ERROR: Failed to", "with id 2");
    assertThat(ended(run, "Task_RestoreIntegrationPort")).isFalse();
    assertNoPasswordAnywhere(run, output);
  }

  @Test
  void anInvalidBackupStopsTheRunBeforeAnySystemVmIsTouched() throws Exception {
    try (Connection c = estate.database().orElseThrow().server().adminConnection("mysql");
        Statement s = c.createStatement()) {
      s.execute("ALTER USER 'cloud'@'%' IDENTIFIED BY 'changed-behind-our-back'");
    }
    try {
      String run = start("FixtureDbJobs", Map.of("backupUsageDatabase", false));
      drive(run);

      assertThat(ended(run, "EndEvent_BackupInvalid")).as(incidents(run)).isTrue();
      assertThat((String) variable(run, "failureSummary")).startsWith("database backup ").contains("is not valid: cloud:");
      assertThat((String) variable(run, "failureLogTail")).contains("Access denied for user 'cloud'");
      assertThat(lab.restarts()).isEmpty();
      assertThat(estate.host("ms1").state().journal().commands()).isEmpty();
    } finally {
      try (Connection c = estate.database().orElseThrow().server().adminConnection("mysql");
          Statement s = c.createStatement()) {
        s.execute("ALTER USER 'cloud'@'%' IDENTIFIED BY '" + estate.environment().database().password().reveal() + "'");
      }
    }
  }

  @Test
  void aSecondCallInTheSameRunTakesNoSecondBackupAndStartsNoSecondSysvmadm() {
    String first = start("CloudStackBackupDatabase", Map.of("runId", "same-run"));
    drive(first);
    String backupId = (String) variable(first, "backupId");
    String again = start("CloudStackBackupDatabase", Map.of("runId", "same-run", "backupId", backupId));
    drive(again);
    assertThat(variable(again, "backupVerified")).isEqualTo(true);
    assertThat(variable(again, "backupId")).isEqualTo(backupId);
    assertThat(background("db1", "mysqldump")).hasSize(2);

    String restart = start("CloudStackRestartSystemVms", Map.of("runId", "same-run"));
    drive(restart);
    int restarted = lab.restarts().size();
    String restartAgain = start("CloudStackRestartSystemVms", Map.of("runId", "same-run",
        "integrationApiPortBefore", "8080"));
    drive(restartAgain);
    assertThat(ended(restartAgain, "EndEvent_SystemVmsRestarted")).as(incidents(restartAgain)).isTrue();
    assertThat(background("ms1", "cloudstack-sysvmadm")).hasSize(1);
    assertThat(lab.restarts()).hasSize(restarted);
    // the value remembered first is kept, not the 8096 this run set
    assertThat(variable(restartAgain, "integrationApiPortBefore")).isEqualTo("8080");
  }

  @Test
  void rollbackLeavesTheEstateAsItWasBeforeTheUpgrade() throws Exception {
    Map<String, Object> before = hostFacts();
    String backup = start("CloudStackBackupDatabase", Map.of("runId", "rollback-run"));
    drive(backup);
    String backupId = (String) variable(backup, "backupId");

    // the upgrade gets some way: services stopped, repositories at 4.3, packages upgraded, database changed
    var env = estate.environment();
    for (var host : env.hosts()) {
      switch (host.role()) {
        case MANAGEMENT_SERVER -> {
          services.ensureStopped(env, host.name(), "cloudstack-management");
          repositories.pointAt(env, host, "4.3");
          managementPackages.upgrade(env, host, Naming.CURRENT, "4.3");
        }
        case KVM_HOST -> {
          services.ensureStopped(env, host.name(), "cloudstack-agent");
          repositories.pointAt(env, host, "4.3");
          assertThat(shell.exec(org.upgradeflow.remote.RemoteTarget.of(env, host.name()),
              HostCommands.upgradePackage(host.os(), "cloudstack-agent"), java.time.Duration.ofSeconds(50)).ok()).isTrue();
        }
        default -> {
        }
      }
    }
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO version (version, updated, step) VALUES ('4.3.2', NOW(), 'Complete')");
      s.execute("UPDATE configuration SET value = '8096' WHERE name = 'integration.api.port'");
      s.execute("CREATE TABLE added_by_upgrade (id int)");
    }
    assertThat(hostFacts()).isNotEqualTo(before);

    String rollback = start("CloudStackRollback", Map.of("runId", "rollback-run", "backupId", backupId,
        "sourceVersion", "4.2.1"));
    drive(rollback);

    assertThat(ended(rollback, "EndEvent_RolledBack")).as(incidents(rollback)).isTrue();
    assertThat(variable(rollback, "runOutcome")).isEqualTo("rolled-back");
    assertThat(hostFacts()).isEqualTo(before);
    assertThat(estate.database().orElseThrow().currentVersion()).contains("4.2.1");
    assertThat(integrationApiPort()).isNull();
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW TABLES LIKE 'added_by_upgrade'")) {
      assertThat(rs.next()).isFalse();
    }
    // the restore ran once per database
    assertThat(background("db1", "--defaults-extra-file")).filteredOn(c -> c.contains("sha256sum -c")).hasSize(2);
  }

  /** Per host what the lab's truth says about versions, services and the repository file. */
  private Map<String, Object> hostFacts() {
    Map<String, Object> facts = new java.util.TreeMap<>();
    for (Object h : (List<?>) estate.truth().get("hosts")) {
      Map<?, ?> host = (Map<?, ?>) h;
      facts.put(host.get("name") + " packages", host.get("packages"));
      facts.put(host.get("name") + " services", host.get("services"));
      facts.put(host.get("name") + " repository", host.get("repositoryFile"));
    }
    return facts;
  }

  // ------------------------------------------------------------------ helpers

  private String start(String process, Map<String, Object> variables) {
    Map<String, Object> all = new HashMap<>(variables);
    all.put("environmentId", estate.id());
    all.put("targetVersion", "4.3.2");
    return runtime.startProcessInstanceByKey(process, "test-" + process, all).getId();
  }

  private void drive(String root) {
    JobDriver.drive(management, root);
  }

  private boolean ended(String root, String activityId) {
    return history.createHistoricActivityInstanceQuery().activityId(activityId).finished().list().stream()
        .anyMatch(a -> root.equals(a.getRootProcessInstanceId()));
  }

  private Object variable(String processInstanceId, String name) {
    var v = history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name)
        .singleResult();
    return v == null ? null : v.getValue();
  }

  private String incidents(String root) {
    return management.createJobQuery().list().stream().filter(j -> root.equals(j.getRootProcessInstanceId()))
        .map(j -> j.getId() + ": " + j.getExceptionMessage()).toList().toString();
  }

  private List<String> background(String host, String program) {
    LabRig.awaitJobsEnded(estate);
    return estate.host(host).state().journal().entries().stream()
        .filter(e -> e.source().equals("background") && e.command().contains(program))
        .map(JournalEntry::command).toList();
  }

  private String integrationApiPort() throws Exception {
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT value FROM configuration WHERE name = 'integration.api.port'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * The database password (sysvmadm's -p) is in no journal line, variable, history detail, line
   * the service logged during the test, or step log (the full output of every remote command).
   */
  private void assertNoPasswordAnywhere(String root, CapturedOutput output) throws java.io.IOException {
    String password = estate.environment().database().password().reveal();
    assertThat(output.getAll()).as("application log").contains("sysvmadm").doesNotContain(password);
    Path stepLogs = sshProperties.stepLogDir();
    try (var files = Files.walk(stepLogs)) {
      List<Path> logs = files.filter(Files::isRegularFile).toList();
      assertThat(logs).as("step logs under %s", stepLogs).isNotEmpty();
      for (Path log : logs) {
        assertThat(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1)).as("step log %s", log)
            .doesNotContain(password);
      }
    }
    estate.hosts().forEach((name, host) -> assertThat(host.state().journal().commands()).as(name)
        .noneMatch(c -> c.contains(password)));
    assertThat(history.createHistoricVariableInstanceQuery().list().stream()
        .filter(v -> root.equals(v.getRootProcessInstanceId()))
        .map(v -> String.valueOf(v.getValue()))).noneMatch(v -> v.contains(password));
    assertThat(history.createHistoricDetailQuery().list().stream().map(Object::toString))
        .noneMatch(v -> v.contains(password));
  }
}
