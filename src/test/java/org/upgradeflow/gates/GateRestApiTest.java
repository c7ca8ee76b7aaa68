package org.upgradeflow.gates;

import org.upgradeflow.testing.GateRuns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.upgradeflow.ServiceTest;

/** Gate completion over the engine REST API: a refusal is the client's error, 400 with the reason. */
@ServiceTest
class GateRestApiTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;

  GateRuns runs;

  @BeforeEach
  void setUp() {
    ClockUtil.setCurrentTime(new java.util.Date());
    runs = new GateRuns(runtime, tasks, management, identity);
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    identity.clearAuthentication();
  }

  private ResponseEntity<Map> complete(String user, String taskId, Map<String, Object> variables) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    Map<String, Object> body = Map.of("variables", variables.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Map.of("value", e.getValue()))));
    return http.withBasicAuth(user, user).exchange("/engine-rest/task/" + taskId + "/complete", HttpMethod.POST,
        new HttpEntity<>(body, headers), Map.class);
  }

  @Test
  void aRefusedCompletionAnswers400WithTheReasonAndTheTaskStaysOpen() {
    String id = runs.open("FixtureSimple", "ops");
    String gate = runs.task(id, "Gate_Decide").getId();

    ResponseEntity<Map> noReason = complete("cm", gate, Map.of("decision", "reject"));
    assertThat(noReason.getStatusCode().value()).isEqualTo(400);
    assertThat(noReason.getBody()).containsEntry("type", "GateRefusedException")
        .containsEntry("message", "reason: required for decision 'reject' at gate FixtureSimple");

    ResponseEntity<Map> unknown = complete("cm", gate, Map.of("decision", "yes"));
    assertThat(unknown.getStatusCode().value()).isEqualTo(400);
    assertThat(unknown.getBody()).containsEntry("message", "decision: expected one of [approve, reject], got 'yes'");

    ResponseEntity<Map> admin = complete("admin", gate, Map.of("decision", "approve"));
    assertThat(admin.getStatusCode().value()).isEqualTo(400);
    assertThat((String) admin.getBody().get("message")).contains("not in the candidate groups");

    // other engine errors keep Camunda's own answers
    assertThat(complete("ops", gate, Map.of("decision", "approve")).getStatusCode().value()).isEqualTo(403);
    ResponseEntity<Map> missing = complete("cm", "no-such-task", Map.of("decision", "approve"));
    assertThat(missing.getStatusCode().value()).isEqualTo(500); // Camunda's own answer for an unknown task
    assertThat((String) missing.getBody().get("message")).contains("Cannot find task with id no-such-task");

    assertThat(runs.task(id, "Gate_Decide").getId()).isEqualTo(gate);
    assertThat(complete("cm", gate, Map.of("decision", "reject", "reason", "window moved")).getStatusCode().value())
        .isEqualTo(204);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
  }

  private void advance(java.time.Duration duration, String id) {
    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime() + duration.toMillis()));
    runs.runDueJobs(id);
  }

  @Test
  void theAuditListsEveryDecisionWithUserTimeReasonAndEvidenceAsJsonAndCsv() {
    String id = runs.open("FixtureFourEyes", "ops");
    String gate = runs.task(id, "Gate_Decide").getId();
    // refused completions leave no vote
    assertThat(complete("cm", gate, Map.of("decision", "reject")).getStatusCode().value()).isEqualTo(400);
    advance(java.time.Duration.ofMinutes(1), id);
    String approvedAt = ClockUtil.getCurrentTime().toInstant().toString();
    assertThat(complete("cm", gate, Map.of("decision", "approve")).getStatusCode().value()).isEqualTo(204);
    advance(java.time.Duration.ofMinutes(31), id); // reminders, then the escalation
    String second = runs.task(id, "Gate_Decide").getId();
    String rejectedAt = ClockUtil.getCurrentTime().toInstant().toString();
    assertThat(complete("cm2", second, Map.of("decision", "reject", "reason", "rollback plan missing, \"see CAB\""))
        .getStatusCode().value()).isEqualTo(204);

    ResponseEntity<Map> response = http.withBasicAuth("ops", "ops").getForEntity("/api/runs/" + id + "/audit", Map.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    Map<String, Object> report = response.getBody();
    assertThat(report).containsEntry("processInstanceId", id).containsEntry("startedBy", "ops")
        .containsEntry("environmentId", "lab-test").containsEntry("state", "COMPLETED");
    @SuppressWarnings("unchecked")
    java.util.List<Map<String, Object>> events = (java.util.List<Map<String, Object>>) report.get("events");
    assertThat(events).filteredOn(e -> java.util.List.of("approved", "rejected", "overrode", "resumed", "aborted")
        .contains(e.get("event"))).hasSize(2);
    assertThat(events).anySatisfy(e -> {
      assertThat(e).containsEntry("event", "approved").containsEntry("user", "cm").containsEntry("gateId", "FixtureFourEyes")
          .containsEntry("time", approvedAt).containsEntry("taskId", gate);
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e).containsEntry("event", "rejected").containsEntry("user", "cm2").containsEntry("time", rejectedAt)
          .containsEntry("reason", "rollback plan missing, \"see CAB\"").containsEntry("taskId", second);
    });
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("event", "started").containsEntry("user", "ops"));
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("event", "escalated").containsEntry("user", null));
    assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("event", "operation:Task:Complete")
        .containsEntry("user", "cm2").containsEntry("taskId", second));
    assertThat(events).extracting(e -> (String) e.get("time")).isSorted();

    ResponseEntity<String> csv = http.withBasicAuth("cm", "cm").getForEntity("/api/runs/" + id + "/audit.csv", String.class);
    assertThat(csv.getStatusCode().value()).isEqualTo(200);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    String[] lines = csv.getBody().split("\r\n");
    assertThat(lines[0]).isEqualTo("time,event,user,gate,processInstanceId,taskId,decision,reason,evidence,detail");
    assertThat(lines).contains(approvedAt + ",approved,cm,FixtureFourEyes," + id + "," + gate + ",approve,,condition holds,");
    assertThat(lines).contains(rejectedAt + ",rejected,cm2,FixtureFourEyes," + id + "," + second
        + ",reject,\"rollback plan missing, \"\"see CAB\"\"\",condition holds,");

    assertThat(http.getForEntity("/api/runs/" + id + "/audit", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.getForEntity("/api/runs/" + id + "/audit.csv", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.withBasicAuth("cm", "wrong").getForEntity("/api/runs/" + id + "/audit", String.class)
        .getStatusCode().value()).isEqualTo(401);
    assertThat(http.withBasicAuth("cm", "cm").getForEntity("/api/runs/no-such-run/audit", String.class)
        .getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void csvCellsAreQuotedAndFormulasDefused() {
    assertThat(RunAuditController.cell("plain")).isEqualTo("plain");
    assertThat(RunAuditController.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(RunAuditController.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(RunAuditController.cell(null)).isEmpty();
  }
}
