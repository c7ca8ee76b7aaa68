package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.upgradeflow.testing.JobDriver;

/**
 * A CloudStackUpgrade run in tests: started as a user, driven by {@link JobDriver} up to its next
 * gate, gates completed through the task API as change managers. Lab work that runs in the
 * background (the database upgrade) takes real, lab-scaled time, so a poll may find it still
 * running and wait for the next timer.
 */
record PathRuns(RuntimeService runtime, TaskService tasks, ManagementService management, IdentityService identity,
    HistoryService history) {

  String start(String environmentId, String starter) {
    return start(environmentId, starter, Map.of());
  }

  /** With run variables of the test's own, e.g. {@code maxParallelHosts}. */
  String start(String environmentId, String starter, Map<String, Object> variables) {
    Map<String, Object> all = new java.util.HashMap<>(variables);
    all.put("environmentId", environmentId);
    identity.setAuthentication(starter, List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey("CloudStackUpgrade", all).getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Runs the run's jobs until it waits at a gate or ends. */
  void drive(String root) {
    JobDriver.drive(management, root);
  }

  /** The open decision task of the gate {@code gateId} in this run. */
  Task gate(String root, String gateId) {
    return tasks.createTaskQuery().taskDefinitionKey("Gate_Decide").list().stream()
        .filter(t -> {
          var instance = runtime.createProcessInstanceQuery().processInstanceId(t.getProcessInstanceId()).singleResult();
          return instance != null && root.equals(instance.getRootProcessInstanceId())
              && gateId.equals(runtime.getVariable(t.getProcessInstanceId(), "gateId"));
        }).findFirst().orElseThrow(() -> new AssertionError("run " + root + " does not wait at gate " + gateId
            + "; open tasks: " + openGates(root)));
  }

  List<String> openGates(String root) {
    return tasks.createTaskQuery().list().stream()
        .filter(t -> {
          var instance = runtime.createProcessInstanceQuery().processInstanceId(t.getProcessInstanceId()).singleResult();
          return instance != null && root.equals(instance.getRootProcessInstanceId());
        }).map(t -> String.valueOf(runtime.getVariable(t.getProcessInstanceId(), "gateId"))).toList();
  }

  void complete(String user, Task task, String decision, String reason) {
    identity.setAuthentication(user, List.of("change-managers"));
    try {
      tasks.complete(task.getId(), reason == null ? Map.of("decision", decision)
          : Map.of("decision", decision, "reason", reason));
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Approves a gate and drives the run on. */
  void decide(String root, String gateId, String user, String decision, String reason) {
    complete(user, gate(root, gateId), decision, reason);
    drive(root);
  }

  boolean ended(String root) {
    return runtime.createProcessInstanceQuery().processInstanceId(root).count() == 0;
  }

  /** The run ended without an incident, rolled back (the estate's state is each test's own check). */
  void assertRolledBack(String root) {
    assertThat(incidents(root)).as("incidents").isEmpty();
    assertThat(ended(root)).as("run ended").isTrue();
    assertThat(variable(root, "runOutcome")).isEqualTo("rolled-back");
  }

  Object variable(String root, String name) {
    var v = history.createHistoricVariableInstanceQuery().processInstanceId(root).variableName(name).singleResult();
    return v == null ? null : v.getValue();
  }

  List<String> incidents(String root) {
    return runtime.createIncidentQuery().list().stream()
        .filter(i -> root.equals(runtime.createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId())
            .singleResult() == null ? null : runtime.createProcessInstanceQuery()
            .processInstanceId(i.getProcessInstanceId()).singleResult().getRootProcessInstanceId()))
        .map(i -> i.getActivityId() + ": " + i.getIncidentMessage()).toList();
  }
}
