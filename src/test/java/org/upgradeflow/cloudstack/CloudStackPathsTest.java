package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.LabRig;

/**
 * The CloudStack paths on the engine against a lab estate, gates completed as change managers,
 * judged by the lab's truth (journal, packages, services, database), never by process variables.
 */
@ServiceTest
class CloudStackPathsTest {

  @TempDir
  static Path dir;
  static LabRig lab;

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  PathRuns runs;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, "lab-cs-431", "lab-cs-430", "lab-cs-42x", "lab-cs-41x", "lab-cs-40x");
  }

  @AfterAll
  static void stopLab() {
    lab.close();
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
    LabEstate estate = lab.estate(id);
    estate.reset();
    registry.register(estate.environment());
    return estate;
  }

  /** A decision made through the task API, with the engine time window it was made in. */
  private record Decision(String gateId, String user, String decision, String reason, Instant after, Instant before) {
  }

  private final List<Decision> decisions = new ArrayList<>();

  private void decide(String run, String gateId, String user, String decision, String reason) {
    Instant after = ClockUtil.getCurrentTime().toInstant();
    runs.decide(run, gateId, user, decision, reason);
    decisions.add(new Decision(gateId, user, decision, reason, after, ClockUtil.getCurrentTime().toInstant()));
  }

  /** Starts a run as ops and has the plan approved by cm and cm2 (four-eyes). */
  private String approvedRun(String environmentId) {
    String run = runs.start(environmentId, "ops");
    runs.drive(run);
    decide(run, "ApprovePlan", "cm", "approve", "plan and pre-flight read");
    decide(run, "ApprovePlan", "cm2", "approve", "second pair of eyes: plan matches the change ticket");
    return run;
  }

  /** What the operator does in the UI before a 4.0-4.2 upgrade: every 4.3 template READY. */
  private static void templatesReady(LabEstate estate) throws Exception {
    CloudStackLab cloudStack = CloudStackLab.of(estate).orElseThrow();
    cloudStack.setTemplateDownload("XenServer", "DOWNLOADED", 100);
    cloudStack.registerVmwareTemplate();
  }

  @Test
  void upgrades431To432EndToEnd() throws Exception {
    upgradesEndToEnd("lab-cs-431", false, false);
  }

  @Test
  void upgrades430To431EndToEnd() throws Exception {
    upgradesEndToEnd("lab-cs-430", false, false);
  }

  @Test
  void upgrades42xTo43EndToEnd() throws Exception {
    upgradesEndToEnd("lab-cs-42x", true, false);
  }

  @Test
  void upgrades41xTo43EndToEnd() throws Exception {
    upgradesEndToEnd("lab-cs-41x", true, false);
  }

  @Test
  void upgrades40xTo43EndToEnd() throws Exception {
    upgradesEndToEnd("lab-cs-40x", true, true);
  }

  /**
   * One run per estate: plan approved by cm and cm2, the path's gates by cm, then the lab's truth.
   * The lab's 4.3 repository series serves 4.3.2, so every path ends at 4.3.2.
   */
  private void upgradesEndToEnd(String estateId, boolean templateGate, boolean legacyGates) throws Exception {
    LabEstate estate = estate(estateId);
    if (templateGate) {
      templatesReady(estate);
    }
    Integer portBefore = new EstateTruth(estate).database().integrationApiPort().orElse(null);
    String run = approvedRun(estateId);

    Set<List<Object>> systemVms = new EstateTruth(estate).runningSystemVmsAndRouters();
    if (templateGate) {
      decide(run, "SystemVmTemplates", "cm", "approve", "templates READY in both zones");
    }
    if (legacyGates) {
      decide(run, "ComponentsXml", "cm", "approve", "IPMI fencer carried over to componentContext.xml");
      decide(run, "ApiAuthenticator", "cm", "md5-compatible", "API clients still send MD5 hashes");
    }

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(runs.openGates(run)).as("failure: %s", runtime.createVariableInstanceQuery().variableName("failureSummary")
        .list().stream().map(v -> v.getValue()).toList()).isEmpty();
    assertThat(runs.ended(run)).isTrue();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
    EstateTruth truth = new EstateTruth(estate);
    truth.pathCompleted("4.3.2", portBefore);
    // sysvmadm restarted every system VM and router that ran before the run, each once (4.0-4.2 paths)
    List<List<Object>> restarted = CloudStackLab.of(estate).orElseThrow().restarts().stream()
        .map(r -> List.<Object>of(r.id(), r.name(), r.type())).toList();
    if (templateGate) {
      assertThat(systemVms).as("the estate's running system VMs and routers").isNotEmpty();
      assertThat(restarted).as("system VMs restarted").containsExactlyInAnyOrderElementsOf(systemVms);
    } else {
      assertThat(restarted).as("no system VM restart on a patch upgrade").isEmpty();
    }
    truth.stateChangesOncePerHost();
    assertEveryDecisionAudited(run);
    Map<?, ?> view = http.withBasicAuth("cm", "cm").getForObject("/api/runs/" + run, Map.class);
    assertThat(view.get("state")).isEqualTo("completed");
    assertThat(view.get("path")).isEqualTo(runs.variable(run, "pathProcessId"));
    Map<?, ?> steps = (Map<?, ?>) ((Map<?, ?>) view.get("progress")).get("steps");
    assertThat(steps.get("done")).isEqualTo(steps.get("total"));
  }

  /** The run's audit (GET /api/runs/{id}/audit) lists every decision made above: gate, user, time, reason. */
  @SuppressWarnings("unchecked")
  private void assertEveryDecisionAudited(String run) {
    Map<String, Object> audit = http.withBasicAuth("cm", "cm").getForObject("/api/runs/" + run + "/audit", Map.class);
    assertThat(audit).containsEntry("startedBy", "ops").containsEntry("processInstanceId", run);
    List<Map<String, Object>> votes = ((List<Map<String, Object>>) audit.get("events")).stream()
        .filter(e -> e.get("decision") != null && e.get("user") != null).toList();
    assertThat(votes).extracting(e -> List.of(e.get("gateId"), e.get("user"), e.get("decision"), e.get("reason")))
        .as("audited decisions").containsExactlyElementsOf(decisions.stream()
            .map(d -> List.<Object>of(d.gateId(), d.user(), d.decision(), d.reason())).toList());
    for (int i = 0; i < votes.size(); i++) {
      Instant at = Instant.parse((String) votes.get(i).get("time"));
      assertThat(at).as("time of %s", decisions.get(i)).isBetween(decisions.get(i).after(), decisions.get(i).before());
    }
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

    runs.assertRolledBack(run);
    assertThat(new EstateTruth(estate).restorable()).containsExactlyInAnyOrderEntriesOf(initial);
  }

  @Test
  void retryAfterTheMissingTemplateIsRegisteredRestartsTheFirstServerOnceAndCompletes() throws Exception {
    LabEstate estate = estate("lab-cs-42x");
    CloudStackLab cloudStack = CloudStackLab.of(estate).orElseThrow();
    cloudStack.setTemplateDownload("XenServer", "DOWNLOADED", 100);
    String run = approvedRun("lab-cs-42x");
    runs.decide(run, "SystemVmTemplates", "cm", "override", "VMware template registered meanwhile");
    runs.gate(run, "ResolveFailure");

    cloudStack.registerVmwareTemplate();
    runs.decide(run, "ResolveFailure", "cm", "retry", null);

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(runs.ended(run)).isTrue();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
    EstateTruth truth = new EstateTruth(estate);
    truth.upgradedTo("4.3.2");
    // the failed database upgrade ended the first server (as CloudStack does): the retry started it once more
    assertThat(truth.commandCount("ms1", "cloudstack-management' start")).as("%s", truth.host("ms1").journal().commands())
        .isEqualTo(truth.commandCount("ms2", "cloudstack-management' start") + 1);
    truth.stateChangesOncePerHost(Map.of("ms1 exec service 'cloudstack-management' start",
        "the failed database upgrade ended the server; the retry starts it once more"));
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
