package org.upgradeflow.cloudstack;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;

/**
 * Drives a CloudStackUpgrade run in tests as the job executor would (it is off in the test
 * profile): due jobs one at a time; when only timers are left, the engine's clock moves to the
 * next one. Lab work that runs in the background (the database upgrade) takes real, lab-scaled
 * time, so a poll may find it still running and wait for the next timer.
 */
record PathRuns(RuntimeService runtime, TaskService tasks, ManagementService management, IdentityService identity,
    HistoryService history) {

  private static final int MAX_JOBS = 5000;

  String start(String environmentId, String starter) {
    identity.setAuthentication(starter, List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey("CloudStackUpgrade", Map.of("environmentId", environmentId)).getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Runs the run's jobs until it waits at a gate or ends. */
  void drive(String root) {
    for (int i = 0; i < MAX_JOBS; i++) {
      List<Job> jobs = management.createJobQuery().list().stream()
          .filter(j -> root.equals(j.getRootProcessInstanceId()) && j.getRetries() > 0).toList();
      if (jobs.isEmpty()) {
        return;
      }
      Date now = ClockUtil.getCurrentTime();
      Job due = jobs.stream().filter(j -> j.getDuedate() == null || !j.getDuedate().after(now))
          .min(Comparator.comparing(j -> j.getDuedate() == null ? new Date(0) : j.getDuedate())).orElse(null);
      if (due == null) {
        // only timers (polls, gate reminders) are left: the next poll, never a gate's escalation or hold
        Job next = jobs.stream().filter(j -> !"Gate".equals(definitionKey(j)))
            .min(Comparator.comparing(Job::getDuedate)).orElse(null);
        if (next == null) {
          return;
        }
        ClockUtil.setCurrentTime(new Date(next.getDuedate().getTime() + 1000));
        continue;
      }
      management.executeJob(due.getId());
    }
    throw new AssertionError("run " + root + " still has jobs after " + MAX_JOBS);
  }

  private String definitionKey(Job job) {
    return job.getProcessDefinitionKey();
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
