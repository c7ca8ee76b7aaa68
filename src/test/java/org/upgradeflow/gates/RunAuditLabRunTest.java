package org.upgradeflow.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.engine.Groups;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.GateRuns;
import org.upgradeflow.testing.LabRig;

/**
 * The audit of a whole run on a lab estate, as far as a CloudStack run goes today (request,
 * pre-flight, plan, four-eyes plan approval; the path itself is not automated yet): every decision
 * at its gate, also those of the gate's earlier rounds and the hold, is listed with user, time
 * and reason. The engine's clock drives reminders, escalation and hold.
 *
 * <p>lab-cs-41x: lab host file systems are named JVM-wide by estate and host, and the lab API
 * test's cached context keeps lab-cs-42x running.
 */
@ServiceTest
class RunAuditLabRunTest {

  @TempDir
  static Path dir;
  static LabRig lab;

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRegistry registry;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, "lab-cs-41x");
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    identity.clearAuthentication();
  }

  private GateRuns runs() {
    return new GateRuns(runtime, tasks, management, identity);
  }

  private void runJobs(String root) {
    runs().runDueJobsOfRun(root);
  }

  private void advance(Duration duration, String root) {
    ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + duration.toMillis()));
    runJobs(root);
  }

  private Task gateTask(String root, String key) {
    return runs().taskOfRun(root, key);
  }

  private void decide(String user, String group, Task task, String decision, String reason) {
    identity.setAuthentication(user, List.of(group));
    try {
      tasks.complete(task.getId(), reason == null ? Map.of("decision", decision)
          : Map.of("decision", decision, "reason", reason));
    } finally {
      identity.clearAuthentication();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAuditListsEveryDecisionOfTheRunWithUserTimeAndReason() {
    LabEstate estate = lab.estate("lab-cs-41x");
    estate.reset();
    registry.register(estate.environment());
    ClockUtil.setCurrentTime(new Date());
    Map<?, ?> started = http.withBasicAuth("ops", "ops").postForObject(
        "/engine-rest/process-definition/key/CloudStackUpgrade/start",
        Map.of("variables", Map.of("environmentId", Map.of("value", "lab-cs-41x"))), Map.class);
    String run = (String) started.get("id");
    runJobs(run);

    // a refused completion is no decision; the first approval at 31 minutes, after the escalation
    assertThatThrownBy(() -> decide("cm", Groups.CHANGE_MANAGERS, gateTask(run, "Gate_Decide"), "reject", null))
        .rootCause().isInstanceOf(GateRefusedException.class);
    advance(Duration.ofMinutes(31), run);
    String firstApprovalAt = ClockUtil.getCurrentTime().toInstant().toString();
    decide("cm", Groups.CHANGE_MANAGERS, gateTask(run, "Gate_Decide"), "approve", null);
    // nobody else approves within the hour: on hold; the escalation manager resumes with a reason
    advance(Duration.ofMinutes(30), run);
    String resumedAt = ClockUtil.getCurrentTime().toInstant().toString();
    decide("esc", Groups.ESCALATION_MANAGERS, gateTask(run, "Gate_OnHold"), "resume", "CAB extended the change window");
    runJobs(run);
    // the gate opened again with fresh evidence: a new round of two approvers
    advance(Duration.ofMinutes(2), run);
    decide("cm", Groups.CHANGE_MANAGERS, gateTask(run, "Gate_Decide"), "approve", null);
    advance(Duration.ofMinutes(1), run);
    String lastApprovalAt = ClockUtil.getCurrentTime().toInstant().toString();
    decide("cm2", Groups.CHANGE_MANAGERS, gateTask(run, "Gate_Decide"), "approve", "plan read line by line");
    runJobs(run);
    // the 4.1 path opens its template gate before anything stops; a reject there ends the run
    decide("cm", Groups.CHANGE_MANAGERS, gateTask(run, "Gate_Decide"), "reject", "rehearsal only");
    runJobs(run);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(run).count()).isZero();

    Map<String, Object> audit = http.withBasicAuth("cm", "cm").getForObject("/api/runs/" + run + "/audit", Map.class);
    assertThat(audit).containsEntry("startedBy", "ops").containsEntry("environmentId", "lab-cs-41x")
        .containsEntry("processDefinitionKey", "CloudStackUpgrade");
    List<Map<String, Object>> events = (List<Map<String, Object>>) audit.get("events");
    List<Map<String, Object>> decisions = events.stream()
        .filter(e -> List.of("approved", "rejected", "overrode", "resumed", "aborted").contains(e.get("event"))).toList();
    assertThat(decisions).extracting(e -> e.get("event") + " " + e.get("user") + " " + e.get("gateId"))
        .containsExactly("approved cm ApprovePlan", "resumed esc ApprovePlan", "approved cm ApprovePlan",
            "approved cm2 ApprovePlan", "rejected cm SystemVmTemplates");
    assertThat(decisions).allSatisfy(e -> assertThat(e.get("time")).isNotNull());
    assertThat(decisions.get(0)).containsEntry("time", firstApprovalAt);
    assertThat(decisions.get(1)).containsEntry("time", resumedAt).containsEntry("reason", "CAB extended the change window");
    assertThat(decisions.get(3)).containsEntry("time", lastApprovalAt).containsEntry("reason", "plan read line by line");
    assertThat(decisions.get(3).get("evidence")).asString().isNotBlank();
    assertThat(events).extracting(e -> e.get("event")).contains("started", "gate-opened", "reminded", "escalated",
        "on-hold", "ended");
    // each gate opening is an instance of Gate with its gate id; the path the run called is not a gate
    assertThat(events).filteredOn(e -> "gate-opened".equals(e.get("event"))).isNotEmpty()
        .allSatisfy(e -> assertThat(e.get("gateId")).isNotNull());
    assertThat(events).filteredOn(e -> "called".equals(e.get("event")))
        .extracting(e -> e.get("detail")).contains("CloudStack41xTo43");
    assertThat(events).extracting(e -> (String) e.get("time")).isSorted();

    String csv = http.withBasicAuth("cm", "cm").getForObject("/api/runs/" + run + "/audit.csv", String.class);
    assertThat(csv).contains(resumedAt + ",resumed,esc,ApprovePlan,", ",resume,CAB extended the change window,",
        lastApprovalAt + ",approved,cm2,ApprovePlan,", ",approve,plan read line by line,");
  }
}
