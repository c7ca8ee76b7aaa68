package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/**
 * A CloudStackUpgrade run over the service's HTTP API, for a service this JVM does not hold (a
 * child process) or whose job executor runs on its own: started as a user through Camunda's
 * REST API, gates found through {@code /api/runs} and completed through the task API as change
 * managers. Waits are bounded polls of the run's state; the assertions are on the state. The
 * engine REST API by the engine's name: a test's service has an engine name of its own.
 */
record RestRuns(TestRestTemplate http, String baseUrl, String engineName) {

  private static final int POLLS = 1500;
  private static final long POLL_MS = 200;

  private String engineRest() {
    return baseUrl + "/engine-rest/engine/" + engineName;
  }

  String start(String environmentId, String user) {
    Map<String, Object> body = Map.of("variables", Map.of("environmentId", Map.of("value", environmentId)));
    var started = http.withBasicAuth(user, user)
        .postForEntity(engineRest() + "/process-definition/key/CloudStackUpgrade/start", body, Map.class);
    assertThat(started.getStatusCode()).as("run started as %s: %s", user, started.getBody()).isEqualTo(HttpStatus.OK);
    return (String) started.getBody().get("id");
  }

  Map<?, ?> view(String run) {
    return http.withBasicAuth("cm", "cm").getForObject(baseUrl + "/api/runs/" + run, Map.class);
  }

  /**
   * Waits until the run waits at {@code gateId} with a decision task {@code user} has not
   * completed yet, then completes it as {@code user} with {@code decision}.
   */
  void decide(String run, String gateId, String user, String decision) throws InterruptedException {
    String task = null;
    Map<?, ?> view = null;
    for (int i = 0; i < POLLS && task == null; i++) {
      view = view(run);
      if (gateId.equals(view.get("gate"))) {
        List<?> tasks = http.withBasicAuth(user, user)
            .getForObject(engineRest() + "/task?taskDefinitionKey=Gate_Decide", List.class);
        task = tasks.stream().map(t -> (String) ((Map<?, ?>) t).get("id")).findFirst().orElse(null);
      }
      assertThat((List<?>) view.get("incidents")).as("incidents of " + run).isEmpty();
      if (task == null) {
        Thread.sleep(POLL_MS);
      }
    }
    assertThat(task).as("run %s waits at gate %s; last view: %s", run, gateId, view).isNotNull();
    Map<String, Object> body = Map.of("variables", Map.of("decision", Map.of("value", decision)));
    var completed = http.withBasicAuth(user, user)
        .postForEntity(engineRest() + "/task/" + task + "/complete", body, String.class);
    assertThat(completed.getStatusCode()).as("%s completes %s: %s", user, gateId, completed.getBody())
        .isEqualTo(HttpStatus.NO_CONTENT);
  }

  /** Waits until the run's state is one of {@code states}; returns its view. */
  Map<?, ?> awaitEnd(String run, Set<String> states) throws InterruptedException {
    Map<?, ?> view = view(run);
    for (int i = 0; i < POLLS && !states.contains(view.get("state")); i++) {
      assertThat((List<?>) view.get("incidents")).as("incidents of " + run).isEmpty();
      Thread.sleep(POLL_MS);
      view = view(run);
    }
    assertThat(states).as("state of run %s; last view: %s", run, view).contains((String) view.get("state"));
    return view;
  }

  /** The runs API says completed, every step of the plan done. */
  void assertCompleted(String run) {
    Map<?, ?> view = view(run);
    assertThat(view.get("state")).as("%s", view).isEqualTo("completed");
    Map<?, ?> steps = (Map<?, ?>) ((Map<?, ?>) view.get("progress")).get("steps");
    assertThat(steps.get("done")).isEqualTo(steps.get("total"));
  }
}
