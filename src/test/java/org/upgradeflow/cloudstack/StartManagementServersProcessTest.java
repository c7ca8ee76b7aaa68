package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.lab.host.JournalEntry;

/**
 * CloudStackStartManagementServers on a 4.2 lab estate whose management servers were stopped and
 * upgraded: the first starts alone, timer polls follow the database upgrade, then the second
 * starts; or the upgrade fails (a hypervisor without a READY 4.3 template) and nothing else starts.
 */
@ServiceTest
class StartManagementServersProcessTest {

  @TempDir
  static Path dir;
  static LabRig lab;
  static LabEstate estate;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  @Autowired HostServices services;
  @Autowired RepositoryPointer repositories;
  @Autowired ManagementPackages packages;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, "lab-cs-42x");
    estate = lab.estate("lab-cs-42x");
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** What the path does before this fragment: management servers stopped, repository at 4.3, packages upgraded. */
  private Environment stoppedAndUpgraded() {
    estate.reset();
    Environment env = estate.environment();
    registry.register(env);
    for (var host : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      services.ensureStopped(env, host.name(), Naming.CURRENT.managementService());
      repositories.pointAt(env, host, "4.3");
      packages.upgrade(env, host, Naming.CURRENT, CloudStackVersion.of(4, 3, 0));
    }
    return env;
  }

  private String run(Environment env) {
    PathRuns runs = new PathRuns(runtime, tasks, management, identity, history);
    String id = runtime.startProcessInstanceByKey("CloudStackStartManagementServers", Map.of(
        "environmentId", env.id(), "sourceVersion", "4.2.1", "targetVersion", "4.3.0")).getId();
    runs.drive(id);
    return id;
  }

  private List<JournalEntry> starts(String host) {
    return estate.host(host).state().journal().entries().stream()
        .filter(e -> e.command().matches("service '?cloudstack-management'? start")).toList();
  }

  @Test
  void theFirstServerUpgradesTheDatabaseAloneThenTheOthersStart() throws Exception {
    CloudStackLab cloudStack = CloudStackLab.of(estate).orElseThrow();
    Environment env = stoppedAndUpgraded();
    cloudStack.setTemplateDownload("XenServer", "DOWNLOADED", 100);
    cloudStack.registerVmwareTemplate();

    String id = run(env);

    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
    assertThat(estate.database().orElseThrow().currentVersion()).contains("4.3.2");
    assertThat(starts("ms1")).hasSize(1);
    assertThat(starts("ms2")).hasSize(1);
    // ms2 only once the version table was at 4.3.2: after ms1, with polls in between
    assertThat(starts("ms2").get(0).time()).isAfter(starts("ms1").get(0).time());
    assertThat(estate.host("ms1").state().services().get("cloudstack-management").running()).isTrue();
    assertThat(estate.host("ms2").state().services().get("cloudstack-management").running()).isTrue();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(id)
        .activityId("Task_CheckDatabaseUpgrade").count()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aFailedDatabaseUpgradeStopsWithTheLogLinesAndStartsNothingElse() {
    Environment env = stoppedAndUpgraded();
    // the lab's 4.2 estate: XenServer still downloading, VMware not registered

    String id = run(env);

    assertThat(starts("ms1")).hasSize(1);
    assertThat(starts("ms2")).isEmpty();
    assertThat(estate.database().orElseThrow().currentVersion()).contains("4.2.1");
    var summary = history.createHistoricVariableInstanceQuery().processInstanceId(id).variableName("failureSummary")
        .singleResult();
    assertThat((String) summary.getValue()).contains("database upgrade on ms1 failed", "SystemVm template not found");
  }
}
