package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.db.MariaDb4jLabDatabaseServers;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.LabEstates;
import org.upgradeflow.lab.estate.LabProperties;
import org.upgradeflow.lab.host.LabHostFleet;

/**
 * The CloudStack paths on the engine against a lab estate, gates completed as change managers,
 * judged by the lab's truth (journal, packages, services, database), never by process variables.
 */
@ServiceTest
class CloudStackPathsTest {

  @TempDir
  static Path dir;
  static LabHostFleet fleet;
  static LabEstates estates;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  PathRuns runs;

  @BeforeAll
  static void startLab() {
    fleet = new LabHostFleet(dir.resolve("lab"));
    estates = new LabEstates(fleet, LabProperties.defaults(dir.resolve("lab")).withTimeScale(0.002)
        .withEstates(List.of("lab-cs-42x")).withKvmHostsPerOs(1), new MariaDb4jLabDatabaseServers());
    estates.startConfigured();
  }

  @AfterAll
  static void stopLab() {
    estates.close();
    fleet.close();
  }

  @BeforeEach
  void setUp() {
    runs = new PathRuns(runtime, tasks, management, identity, history);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private LabEstate estate(String id) {
    LabEstate estate = estates.find(id).orElseThrow();
    estate.reset();
    registry.register(estate.environment());
    return estate;
  }

  /** Starts a run as ops and has the plan approved by cm and cm2 (four-eyes). */
  private String approvedRun(String environmentId) {
    String run = runs.start(environmentId, "ops");
    runs.drive(run);
    runs.decide(run, "ApprovePlan", "cm", "approve", null);
    runs.decide(run, "ApprovePlan", "cm2", "approve", null);
    return run;
  }

  /** What the operator does in the UI before a 4.0-4.2 upgrade: every 4.3 template READY. */
  private static void templatesReady(LabEstate estate) throws Exception {
    CloudStackLab lab = CloudStackLab.of(estate).orElseThrow();
    lab.setTemplateDownload("XenServer", "DOWNLOADED", 100);
    lab.registerVmwareTemplate();
  }

  @Test
  void upgrades42xTo43EndToEnd() throws Exception {
    LabEstate estate = estate("lab-cs-42x");
    templatesReady(estate);
    Integer portBefore = new EstateTruth(estate).database().integrationApiPort().orElse(null);
    String run = approvedRun("lab-cs-42x");

    runs.decide(run, "SystemVmTemplates", "cm", "approve", null);

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(runs.openGates(run)).isEmpty();
    assertThat(runs.ended(run)).isTrue();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
    EstateTruth truth = new EstateTruth(estate);
    truth.upgradedTo("4.3.2");
    truth.vmwarePasswordsDecrypt();
    truth.storagePoolsFixed();
    truth.vhdUtilInPlace();
    assertThat(truth.database().integrationApiPort().orElse(null)).isEqualTo(portBefore);
    assertThat(CloudStackLab.of(estate).orElseThrow().restarts()).isNotEmpty();
    truth.packageCommandsOncePerHost();
    assertThat(runs.variable(run, "stepsDone")).isEqualTo(runs.variable(run, "stepsTotal"));
  }

  @Test
  void aFailedDatabaseUpgradeIsResolvedByRollingBackToTheInitialEstate() throws Exception {
    LabEstate estate = estate("lab-cs-42x");
    CloudStackLab.of(estate).orElseThrow().setTemplateDownload("XenServer", "DOWNLOADED", 100);
    Map<String, Object> initial = new EstateTruth(estate).restorable();
    String run = approvedRun("lab-cs-42x");

    // VMware's 4.3 template is not registered: only an override gets past the gate, and the database upgrade fails
    runs.decide(run, "SystemVmTemplates", "cm", "override", "VMware cluster is being retired; accepted risk");

    var resolve = runs.gate(run, "ResolveFailure");
    assertThat((String) runtime.getVariable(resolve.getProcessInstanceId(), "gateEvidenceSummary"))
        .contains("CallActivity_StartManagementServers failed", "database upgrade on ms1 failed",
            "VMware SystemVm template not found");
    assertThat(new EstateTruth(estate).commandCount("ms2", "cloudstack-management' start")).isZero();
    assertThatThrownBy(() -> runs.complete("cm", resolve, "rollback", null)).hasMessageContaining("reason");
    runs.decide(run, "ResolveFailure", "cm", "rollback", "database upgrade failed; back to 4.2.1");

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(runs.ended(run)).isTrue();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("rolled-back");
    assertThat(new EstateTruth(estate).restorable()).isEqualTo(initial);
  }

  @Test
  void aTemplateNotReadyRefusesApprovalAndNothingIsTouched() {
    LabEstate estate = estate("lab-cs-42x");
    String run = approvedRun("lab-cs-42x");

    var templates = runs.gate(run, "SystemVmTemplates");
    assertThat((String) runtime.getVariable(templates.getProcessInstanceId(), "gateEvidenceSummary"))
        .contains("not READY", "systemvm-xenserver-4.3", "DOWNLOAD_IN_PROGRESS");
    assertThatThrownBy(() -> runs.complete("cm", templates, "approve", null))
        .hasMessageContaining("cannot be approved").hasMessageContaining("override");
    runs.decide(run, "SystemVmTemplates", "cm", "reject", "XenServer template still downloading");

    assertThat(runs.ended(run)).isTrue();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("aborted");
    // nothing stopped, no package touched, no database upgrade attempted
    estate.hosts().forEach((name, host) -> assertThat(host.state().journal().commands()).as(name).isEmpty());
    assertThat(estate.database().orElseThrow().currentVersion()).contains("4.2.1");
    assertThat(Map.copyOf(estate.truth())).isNotEmpty();
  }
}
