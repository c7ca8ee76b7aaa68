package org.upgradeflow.testing;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;

/** Drives Gate instances in tests: the job executor is off in the test profile. */
public record GateRuns(RuntimeService runtime, TaskService tasks, ManagementService management, IdentityService identity) {

  /** Starts a Gate as {@code starter} (the engine records the start user) and runs it up to its task. */
  public String open(String gateId, String starter) {
    return open(gateId, starter, "lab-test");
  }

  /** The same for a gate whose evidence reads the named environment. */
  public String open(String gateId, String starter, String environmentId) {
    identity.setAuthentication(starter, List.of("operators"));
    String id;
    try {
      id = runtime.startProcessInstanceByKey("Gate", Map.of("gateId", gateId, "environmentId", environmentId,
          "runInitiator", starter)).getId();
    } finally {
      identity.clearAuthentication();
    }
    runDueJobs(id);
    return id;
  }

  /** Executes every job that is due at the engine's current time, one at a time, as the job executor would. */
  public void runDueJobs(String processInstanceId) {
    for (int round = 0; round < 50; round++) {
      List<Job> due = management.createJobQuery().processInstanceId(processInstanceId).executable()
          .orderByJobDuedate().asc().listPage(0, 1);
      if (due.isEmpty()) {
        return;
      }
      management.executeJob(due.get(0).getId());
    }
  }

  /** Executes the due jobs of a run and of every process it called (gates, paths), one at a time. */
  public void runDueJobsOfRun(String rootProcessInstanceId) {
    for (int round = 0; round < 100; round++) {
      List<Job> due = management.createJobQuery().executable().orderByJobDuedate().asc().list().stream()
          .filter(j -> rootProcessInstanceId.equals(j.getRootProcessInstanceId())).limit(1).toList();
      if (due.isEmpty()) {
        return;
      }
      management.executeJob(due.get(0).getId());
    }
  }

  /** The open task with this key in a run or any process it called (the Gate_Decide of its current gate). */
  public Task taskOfRun(String rootProcessInstanceId, String key) {
    return tasks.createTaskQuery().taskDefinitionKey(key).list().stream()
        .filter(t -> rootProcessInstanceId.equals(runtime.createProcessInstanceQuery()
            .processInstanceId(t.getProcessInstanceId()).singleResult().getRootProcessInstanceId()))
        .findFirst().orElseThrow(() -> new AssertionError("no open " + key + " in run " + rootProcessInstanceId));
  }

  public Task task(String processInstanceId, String key) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(key).singleResult();
  }

  /** Completes a task through the Java API as a change manager (the engine's checks apply, no REST filter). */
  public void completeAsChangeManager(String user, String taskId, java.util.Map<String, Object> variables) {
    identity.setAuthentication(user, List.of("change-managers"));
    try {
      tasks.complete(taskId, variables);
    } finally {
      identity.clearAuthentication();
    }
  }
}
