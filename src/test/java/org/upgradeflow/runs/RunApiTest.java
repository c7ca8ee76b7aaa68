package org.upgradeflow.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.gates.GateNotification;
import org.upgradeflow.gates.GateNotifier;
import org.upgradeflow.ServiceTest;

@ServiceTest
@SuppressWarnings("unchecked")
class RunApiTest {

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired TaskService tasks;
  @Autowired IdentityService identity;
  @Autowired GateNotifier notifier;

  @AfterEach
  void reset() {
    ClockUtil.reset();
  }

  private String start(String environmentId, boolean failStep) {
    Map<String, Object> body = Map.of("variables", Map.of(
        "environmentId", Map.of("value", environmentId), "failStep", Map.of("value", failStep)));
    Map<?, ?> started = http.withBasicAuth("ops", "ops")
        .postForObject("/engine-rest/process-definition/key/FixtureRun/start", body, Map.class);
    return (String) started.get("id");
  }

  private void runJobs(String root) {
    for (int i = 0; i < 30; i++) {
      List<Job> due = management.createJobQuery().executable().orderByJobDuedate().asc().list().stream()
          .filter(j -> root.equals(j.getRootProcessInstanceId())).toList();
      if (due.isEmpty()) {
        return;
      }
      try {
        management.executeJob(due.get(0).getId());
      } catch (RuntimeException e) {
        // a failing step: the engine decrements retries and raises an incident at zero, as the job executor would
      }
    }
  }

  private Map<?, ?> run(String id) {
    return http.withBasicAuth("ops", "ops").getForObject("/api/runs/" + id, Map.class);
  }

  @Test
  void aRunWaitingAtAGateShowsTheGateStarterAndProgress() {
    String id = start("runs-env-a", false);
    runJobs(id);

    Map<?, ?> run = run(id);
    assertThat(run.get("state")).isEqualTo("waiting");
    assertThat(run.get("gate")).isEqualTo("FixtureSimple");
    assertThat(run.get("environmentId")).isEqualTo("runs-env-a");
    assertThat(run.get("startedBy")).isEqualTo("ops");
    assertThat((List<Object>) run.get("currentSteps")).contains("Decide");
    assertThat(run.get("progress")).isEqualTo(Map.of("hosts", Map.of("done", 3, "total", 4)));

    String task = tasks.createTaskQuery().processInstanceBusinessKey(null).taskDefinitionKey("Gate_Decide").list().stream()
        .filter(t -> runtime.createProcessInstanceQuery().processInstanceId(t.getProcessInstanceId()).singleResult()
            .getRootProcessInstanceId().equals(id)).findFirst().orElseThrow().getId();
    identity.setAuthentication("cm", List.of("change-managers"));
    try {
      tasks.complete(task, Map.of("decision", "approve"));
    } finally {
      identity.clearAuthentication();
    }
    assertThat(run(id).get("state")).isEqualTo("completed");
    assertThat(run(id).get("ended")).isNotNull();
  }

  @Test
  void aFailedStepShowsAsFailedWithTheIncident() {
    String id = start("runs-env-b", true);
    runJobs(id);
    Map<?, ?> run = run(id);
    assertThat(run.get("state")).isEqualTo("failed");
    assertThat((List<Object>) run.get("incidents")).singleElement().asString()
        .startsWith("Task_FixtureStep: ").contains("host kvm7 did not answer");
    // the incident is where the run stops: the run groups hear of it, with a link to the run in Cockpit
    assertThat(notifier.recent()).filteredOn(n -> id.equals(n.processInstanceId()))
        .singleElement().satisfies(n -> {
          assertThat(n.kind()).isEqualTo(GateNotification.Kind.RUN_FAILED);
          assertThat(n.environmentId()).isEqualTo("runs-env-b");
          assertThat(n.detail()).contains("Task_FixtureStep", "host kvm7 did not answer");
          assertThat(n.taskLink()).contains("/app/cockpit/").endsWith(id + "/runtime");
        });
  }

  @Test
  void aGateLeftTooLongShowsOnHold() {
    ClockUtil.setCurrentTime(new Date());
    String id = start("runs-env-c", false);
    runJobs(id);
    ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + Duration.ofHours(2).toMillis()));
    runJobs(id);
    assertThat(run(id).get("state")).isEqualTo("on-hold");
  }

  @Test
  void listsRunsPerEnvironmentAndAnswers404ForUnknownOnes() {
    String id = start("runs-env-d", false);
    List<?> runs = http.withBasicAuth("cm", "cm").getForObject("/api/runs?environmentId=runs-env-d", List.class);
    assertThat(runs).singleElement().satisfies(r -> assertThat(((Map<?, ?>) r).get("processInstanceId")).isEqualTo(id));
    assertThat(http.withBasicAuth("ops", "ops").getForEntity("/api/runs/nope", String.class).getStatusCode().value())
        .isEqualTo(404);
    assertThat(http.getForEntity("/api/runs", String.class).getStatusCode().value()).isEqualTo(401);
  }
}
