package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.Test;
import org.upgradeflow.ServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Who may work a gate: a process started over REST by an operator stops at a user task for
 * change-managers; the operator can see but not claim or complete it, a change manager can.
 */
@ServiceTest
class GateTaskAuthorizationTest {

  @Autowired
  TestRestTemplate http;
  @Autowired
  TaskService tasks;
  @Autowired
  AuthorizationService authorizations;
  @Autowired
  FormService forms;

  private String startFixtureAs(String user) {
    ResponseEntity<Map> started = http.withBasicAuth(user, user)
        .postForEntity("/engine-rest/process-definition/key/FixtureGate/start", Map.of(), Map.class);
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.OK);
    String instance = (String) started.getBody().get("id");
    return tasks.createTaskQuery().processInstanceId(instance).singleResult().getId();
  }

  private HttpStatus complete(String user, String taskId) {
    Map<String, Object> body = Map.of("variables", Map.of(
        "decision", Map.of("value", "approve"), "reason", Map.of("value", "looks right")));
    return HttpStatus.valueOf(http.withBasicAuth(user, user)
        .postForEntity("/engine-rest/task/" + taskId + "/complete", body, String.class).getStatusCode().value());
  }

  @Test
  void operatorCannotCompleteAChangeManagerGateButAChangeManagerCan() {
    String task = startFixtureAs("ops");

    assertThat(complete("ops", task)).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(HttpStatus.valueOf(http.withBasicAuth("ops", "ops").postForEntity("/engine-rest/task/" + task + "/claim",
        Map.of("userId", "ops"), String.class).getStatusCode().value())).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(tasks.createTaskQuery().taskId(task).count()).isEqualTo(1);

    assertThat(complete("cm", task)).isEqualTo(HttpStatus.NO_CONTENT);
    assertThat(tasks.createTaskQuery().taskId(task).count()).isZero();
  }

  @Test
  void operatorsSeeGatesInTheListButEscalationManagersOnlyWhenTheyAreCandidates() {
    String task = startFixtureAs("cm");
    List<?> seenByOps = http.withBasicAuth("ops", "ops").getForObject("/engine-rest/task?taskId=" + task, List.class);
    assertThat(seenByOps).hasSize(1);
    assertThat(complete("esc", task)).isEqualTo(HttpStatus.FORBIDDEN);

    tasks.addCandidateGroup(task, Groups.ESCALATION_MANAGERS);
    assertThat(complete("esc", task)).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void candidatesGetTaskWorkNotUpdate() {
    String task = startFixtureAs("ops");
    Authorization grant = authorizations.createAuthorizationQuery()
        .resourceType(Resources.TASK).resourceId(task).groupIdIn(Groups.CHANGE_MANAGERS).singleResult();
    assertThat(grant.isPermissionGranted(Permissions.TASK_WORK)).isTrue();
    assertThat(grant.isPermissionGranted(Permissions.UPDATE)).isFalse();
    // TASK_WORK does not allow re-assigning the gate to somebody else
    var assign = http.withBasicAuth("cm", "cm").postForEntity("/engine-rest/task/" + task + "/assignee",
        Map.of("userId", "ops"), String.class);
    assertThat(assign.getStatusCode().value()).isEqualTo(403);
  }

  @Test
  void formsAreDeployedWithTheProcesses() {
    String task = startFixtureAs("cm");
    assertThat(forms.getTaskFormKey(tasks.createTaskQuery().taskId(task).singleResult().getProcessDefinitionId(),
        "Gate_Fixture")).isNull();
    var deployed = http.withBasicAuth("cm", "cm").getForEntity("/engine-rest/task/" + task + "/deployed-form",
        String.class);
    assertThat(deployed.getStatusCode().value()).isEqualTo(200);
    assertThat(deployed.getBody()).contains("FixtureGateForm");
  }
}
