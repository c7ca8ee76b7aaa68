package org.upgradeflow.gates;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;

/** Drives Gate instances in tests: the job executor is off in the test profile. */
record GateRuns(RuntimeService runtime, TaskService tasks, ManagementService management, IdentityService identity) {

  /** Starts a Gate as {@code starter} (the engine records the start user) and runs it up to its task. */
  String open(String gateId, String starter) {
    identity.setAuthentication(starter, List.of("operators"));
    String id;
    try {
      id = runtime.startProcessInstanceByKey("Gate", Map.of("gateId", gateId, "environmentId", "lab-test",
          "runInitiator", starter)).getId();
    } finally {
      identity.clearAuthentication();
    }
    runDueJobs(id);
    return id;
  }

  /** Executes every job that is due at the engine's current time, one at a time, as the job executor would. */
  void runDueJobs(String processInstanceId) {
    for (int round = 0; round < 50; round++) {
      List<Job> due = management.createJobQuery().processInstanceId(processInstanceId).executable()
          .orderByJobDuedate().asc().listPage(0, 1);
      if (due.isEmpty()) {
        return;
      }
      management.executeJob(due.get(0).getId());
    }
  }

  Task task(String processInstanceId, String key) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(key).singleResult();
  }
}
