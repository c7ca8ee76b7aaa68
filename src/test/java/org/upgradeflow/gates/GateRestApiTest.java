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
  @Autowired org.camunda.bpm.engine.HistoryService history;

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

  private ResponseEntity<Map> send(String user, HttpMethod method, String path, Object body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return http.withBasicAuth(user, user).exchange(path, method, new HttpEntity<>(body, headers), Map.class);
  }

  private static Map<String, Object> variables(Map<String, Object> values) {
    return Map.of("variables", values.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Map.of("value", e.getValue()))));
  }

  @Test
  void aCompletionCarryingMoreThanTheContractIsRefusedNamingTheFieldAndChangesNothing() {
    String id = runs.open("FixtureFourEyes", "ops");
    String gate = runs.task(id, "Gate_Decide").getId();
    // the gate's rules, state, deadlines and inputs to evidence, and a name the gate never heard of
    Map<String, Object> attempts = new java.util.LinkedHashMap<>();
    attempts.put("gateApprovers", 1);
    attempts.put("runInitiator", "cm2");
    attempts.put("gateVotes", "[]");
    attempts.put("gateVote", "{\"user\":\"cm2\",\"decision\":\"approve\"}");
    attempts.put("gateChoices", "approve,sneak");
    attempts.put("gateId", "FixtureSimple");
    attempts.put("gateHoldAt", "2999-01-01T00:00:00Z");
    attempts.put("environmentId", "lab-cs-431");
    attempts.put("notAGateVariable", "x");
    attempts.forEach((name, value) -> {
      String expected = name + ": not a completion variable of gate FixtureFourEyes; a completion carries only decision, reason";
      for (String action : java.util.List.of("complete", "submit-form", "resolve")) {
        ResponseEntity<Map> answer = send("cm", HttpMethod.POST, "/engine-rest/task/" + gate + "/" + action,
            variables(Map.of("decision", "approve", name, value)));
        assertThat(answer.getStatusCode().value()).as(action + " with " + name).isEqualTo(400);
        assertThat(answer.getBody()).containsEntry("type", "GateRefusedException").containsEntry("message", expected);
      }
    });
    ResponseEntity<Map> error = send("cm", HttpMethod.POST, "/engine-rest/task/" + gate + "/bpmnError",
        Map.of("errorCode", "Anything"));
    assertThat(error.getStatusCode().value()).isEqualTo(400);
    assertThat((String) error.getBody().get("message")).isEqualTo(
        "Gate FixtureFourEyes is decided by completing its task with decision, reason; a BPMN error or escalation cannot end it");
    assertThat(send("cm", HttpMethod.POST, "/engine-rest/task/" + gate + "/bpmnEscalation",
        Map.of("escalationCode", "Anything")).getStatusCode().value()).isEqualTo(400);

    // nothing changed: the same task, the gate's variables as prepared, no vote
    assertThat(runs.task(id, "Gate_Decide").getId()).isEqualTo(gate);
    assertThat(runtime.getVariable(id, "gateApprovers")).isEqualTo(2);
    assertThat(runtime.getVariable(id, "gateId")).isEqualTo("FixtureFourEyes");
    assertThat(runtime.getVariable(id, "notAGateVariable")).isNull();
    assertThat(GateVotes.of(history, id)).isEmpty();

    // four-eyes still needs two different change managers
    assertThat(complete("cm", gate, Map.of("decision", "approve")).getStatusCode().value()).isEqualTo(204);
    String second = runs.task(id, "Gate_Decide").getId();
    assertThat(complete("cm", second, Map.of("decision", "approve")).getStatusCode().value()).isEqualTo(400);
    assertThat(send("cm2", HttpMethod.POST, "/engine-rest/task/" + second + "/submit-form",
        variables(Map.of("decision", "approve"))).getStatusCode().value()).isEqualTo(204);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
    assertThat(GateVotes.of(history, id)).extracting(GateVote::user).containsExactlyInAnyOrder("cm", "cm2");
  }

  /** A Tasklist session as the browser holds it: the session cookie and the CSRF token, after the login form. */
  private HttpHeaders tasklistSession(String user) {
    var page = http.getForEntity("/camunda/app/tasklist/default/", String.class);
    HttpHeaders headers = new HttpHeaders();
    headers.set("X-XSRF-TOKEN", page.getHeaders().get(HttpHeaders.SET_COOKIE).stream()
        .filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.split(";", 2)[0].substring(11)).findFirst().orElseThrow());
    headers.set(HttpHeaders.COOKIE, cookies(page.getHeaders()));
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    var login = http.postForEntity("/camunda/api/admin/auth/user/default/login/tasklist",
        new HttpEntity<>("username=" + user + "&password=" + user, headers), String.class);
    assertThat(login.getStatusCode().value()).isEqualTo(200);
    // the login starts a new session; its first request hands out the session's CSRF token, as Tasklist's does
    String session = cookies(login.getHeaders());
    HttpHeaders again = new HttpHeaders();
    again.set(HttpHeaders.COOKIE, session);
    var refreshed = http.exchange("/camunda/api/engine/engine/", HttpMethod.GET, new HttpEntity<>(again), String.class);
    HttpHeaders result = new HttpHeaders();
    result.set(HttpHeaders.COOKIE, session);
    result.set("X-XSRF-TOKEN", refreshed.getHeaders().get(HttpHeaders.SET_COOKIE).stream()
        .filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.split(";", 2)[0].substring(11)).findFirst().orElseThrow());
    result.setContentType(MediaType.APPLICATION_JSON);
    return result;
  }

  private static String cookies(HttpHeaders response) {
    return response.get(HttpHeaders.SET_COOKIE).stream().map(c -> c.split(";", 2)[0])
        .reduce((a, b) -> a + "; " + b).orElseThrow();
  }

  @Test
  void tasklistSubmitsTheSameContract() {
    String id = runs.open("FixtureSimple", "ops");
    String gate = runs.task(id, "Gate_Decide").getId();
    HttpHeaders cm = tasklistSession("cm");
    String submit = "/camunda/api/engine/engine/default/task/" + gate + "/submit-form";
    ResponseEntity<Map> extra = http.exchange(submit, HttpMethod.POST,
        new HttpEntity<>(variables(Map.of("decision", "approve", "gateApprovers", 0)), cm), Map.class);
    assertThat(extra.getStatusCode().value()).isEqualTo(400);
    assertThat(extra.getBody()).containsEntry("message",
        "gateApprovers: not a completion variable of gate FixtureSimple; a completion carries only decision, reason");
    assertThat(runs.task(id, "Gate_Decide").getId()).isEqualTo(gate);
    assertThat(http.exchange(submit, HttpMethod.POST, new HttpEntity<>(variables(Map.of("decision", "approve")), cm),
        String.class).getStatusCode().value()).isEqualTo(204);
    assertThat(GateVotes.of(history, id)).extracting(GateVote::user).containsExactly("cm");
  }

  @Test
  void aGatesDeclaredInputsComeWithTheCompletionAndNothingElse() {
    String id = runs.open("FixtureSnapshot", "ops");
    String gate = runs.task(id, "Gate_Decide").getId();
    ResponseEntity<Map> extra = complete("cm", gate, Map.of("decision", "approve", "snapshotName", "pre-4.3",
        "snapshotTime", "2026-11-23T14:00:00Z", "snapshotSize", "40G"));
    assertThat(extra.getStatusCode().value()).isEqualTo(400);
    assertThat(extra.getBody()).containsEntry("message", "snapshotSize: not a completion variable of gate "
        + "FixtureSnapshot; a completion carries only decision, reason, snapshotName, snapshotTime");
    assertThat(complete("cm", gate, Map.of("decision", "approve", "snapshotName", "pre-4.3",
        "snapshotTime", "2026-11-23T14:00:00Z")).getStatusCode().value()).isEqualTo(204);
  }

  @Test
  void candidatesCannotWriteAGatesVariablesThroughTheVariableEndpoints() {
    String id = runs.open("FixtureFourEyes", "ops");
    var task = runs.task(id, "Gate_Decide");
    Map<String, Object> one = Map.of("value", 1, "type", "Integer");
    Map<String, Object> modification = Map.of("modifications", Map.of("gateApprovers", one));
    for (String user : java.util.List.of("cm", "cm2", "ops", "esc")) {
      java.util.List<ResponseEntity<Map>> answers = java.util.List.of(
          send(user, HttpMethod.PUT, "/engine-rest/task/" + task.getId() + "/variables/gateApprovers", one),
          send(user, HttpMethod.POST, "/engine-rest/task/" + task.getId() + "/variables", modification),
          send(user, HttpMethod.DELETE, "/engine-rest/task/" + task.getId() + "/variables/gateApprovers", null),
          send(user, HttpMethod.PUT, "/engine-rest/task/" + task.getId() + "/localVariables/gateVote", Map.of("value", "x")),
          send(user, HttpMethod.POST, "/engine-rest/task/" + task.getId() + "/localVariables", modification),
          send(user, HttpMethod.PUT, "/engine-rest/process-instance/" + id + "/variables/gateApprovers", one),
          send(user, HttpMethod.POST, "/engine-rest/process-instance/" + id + "/variables", modification),
          send(user, HttpMethod.PUT, "/engine-rest/execution/" + task.getExecutionId() + "/localVariables/gateApprovers", one),
          send(user, HttpMethod.POST, "/engine-rest/execution/" + task.getExecutionId() + "/localVariables", modification),
          send(user, HttpMethod.POST, "/engine-rest/process-instance/" + id + "/modification",
              Map.of("instructions", java.util.List.of(Map.of("type", "startBeforeActivity", "activityId", "Task_PrepareGate")))));
      assertThat(answers).as(user).allSatisfy(a -> assertThat(a.getStatusCode().value()).isEqualTo(403));
    }
    assertThat(runtime.getVariable(id, "gateApprovers")).isEqualTo(2);
    assertThat(runtime.getVariablesLocal(task.getExecutionId())).doesNotContainKey("gateApprovers");
    assertThat(tasks.getVariablesLocal(task.getId())).isEmpty();
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
  void aRunIsStartedByTheAuthenticatedUserWhateverTheRequestSays() {
    for (String entry : java.util.List.of("CloudStackUpgrade", "UsageMeterUpgrade")) {
      String start = "/engine-rest/process-definition/key/" + entry + "/start";
      ResponseEntity<Map> faked = send("cm", HttpMethod.POST, start,
          variables(Map.of("environmentId", "no-such-estate", "runInitiator", "ops")));
      assertThat(faked.getStatusCode().value()).as(entry).isEqualTo(400);
      assertThat(faked.getBody()).containsEntry("type", "RequestRefusedException").containsEntry("message",
          "runInitiator: set by the service to the user who starts the run (cm); leave it out of the start request");
      // the starter's own name, or none, passes this check (and meets the next: the unknown estate)
      for (Map<String, Object> request : java.util.List.of(Map.<String, Object>of("environmentId", "no-such-estate"),
          Map.<String, Object>of("environmentId", "no-such-estate", "runInitiator", "cm"))) {
        ResponseEntity<Map> answer = send("cm", HttpMethod.POST, start, variables(request));
        assertThat(answer.getStatusCode().is2xxSuccessful()).isFalse();
        assertThat((String) answer.getBody().get("message")).as(entry).contains("no-such-estate")
            .doesNotContain("runInitiator");
      }
    }
  }

  @Test
  void csvCellsAreQuotedAndFormulasDefused() {
    assertThat(RunAuditController.cell("plain")).isEqualTo("plain");
    assertThat(RunAuditController.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(RunAuditController.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(RunAuditController.cell(null)).isEmpty();
  }
}
