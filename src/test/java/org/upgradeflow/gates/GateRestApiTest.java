package org.upgradeflow.gates;

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
    ClockUtil.reset();
    runs = new GateRuns(runtime, tasks, management, identity);
  }

  @AfterEach
  void tearDown() {
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
}
