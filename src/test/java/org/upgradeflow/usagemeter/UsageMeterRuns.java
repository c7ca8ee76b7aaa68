package org.upgradeflow.usagemeter;

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
 * Drives Usage Meter runs on an engine whose job executor is off: due jobs one at a time as the
 * executor would, timers by moving the engine's clock. The appliance works in (scaled) real
 * time, so while only a poll timer is left the driver waits a little for the lab, not the engine.
 */
record UsageMeterRuns(RuntimeService runtime, TaskService tasks, ManagementService management, IdentityService identity,
    HistoryService history) {

  static final long TIMER_STEP_MS = 16_000;

  String start(String user, String environmentId, String targetVersion) {
    identity.setAuthentication(user, List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey("UsageMeterUpgrade",
          Map.of("environmentId", environmentId, "targetVersion", targetVersion)).getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  /** Runs the run until a gate task is open or it ended; returns the open gate's task or null. */
  Task advance(String root) throws InterruptedException {
    for (int i = 0; i < 3000; i++) {
      Task open = gateTask(root);
      if (open != null) {
        return open;
      }
      if (ended(root)) {
        return null;
      }
      List<Job> due = jobs(root, true);
      if (!due.isEmpty()) {
        management.executeJob(due.get(0).getId());
        continue;
      }
      if (jobs(root, false).isEmpty()) {
        return null; // waiting for something that is not a job (should not happen)
      }
      // only a poll timer is left: give the appliance a moment of real time, then move the engine's clock
      Thread.sleep(20);
      ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + TIMER_STEP_MS));
    }
    throw new AssertionError("run " + root + " did not reach a gate or its end");
  }

  /** Executes the jobs that are due now, without moving the clock; true when a timer is left waiting. */
  boolean runDueJobs(String root) {
    for (int i = 0; i < 100; i++) {
      List<Job> due = jobs(root, true);
      if (due.isEmpty()) {
        break;
      }
      management.executeJob(due.get(0).getId());
    }
    return !jobs(root, false).isEmpty();
  }

  /** Moves the engine's clock one poll step and executes the jobs that are due then (a timer fires once). */
  void fireTimers(String root) {
    ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + TIMER_STEP_MS));
    runDueJobs(root);
  }

  /**
   * Lets the open gate of the run pass its hold deadline (the engine's clock moves by
   * {@code after}) and returns its Gate_OnHold task.
   */
  Task hold(String root, java.time.Duration after) {
    ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + after.toMillis()));
    runDueJobs(root);
    return tasks.createTaskQuery().taskDefinitionKey("Gate_OnHold").list().stream()
        .filter(t -> root.equals(runtime.createProcessInstanceQuery().processInstanceId(t.getProcessInstanceId())
            .singleResult().getRootProcessInstanceId()))
        .findFirst().orElseThrow(() -> new AssertionError("no Gate_OnHold in run " + root));
  }

  /** Every value of every variable the run and the processes it called ever had, as text. */
  String allVariableValues(String root) {
    return history.createHistoricVariableInstanceQuery().list().stream()
        .filter(v -> root.equals(v.getRootProcessInstanceId()))
        .map(v -> v.getName() + "=" + v.getValue()).toList().toString();
  }

  private List<Job> jobs(String root, boolean dueOnly) {
    var query = management.createJobQuery();
    if (dueOnly) {
      query = query.executable();
    }
    return query.list().stream().filter(j -> root.equals(j.getRootProcessInstanceId()) && j.getRetries() > 0)
        .sorted((a, b) -> a.getDuedate() == null ? -1 : b.getDuedate() == null ? 1 : a.getDuedate().compareTo(b.getDuedate()))
        .toList();
  }

  boolean ended(String root) {
    return runtime.createProcessInstanceQuery().processInstanceId(root).count() == 0;
  }

  Task gateTask(String root) {
    return tasks.createTaskQuery().list().stream()
        .filter(t -> t.getProcessInstanceId() != null && root.equals(runtime.createProcessInstanceQuery()
            .processInstanceId(t.getProcessInstanceId()).singleResult().getRootProcessInstanceId()))
        .findFirst().orElse(null);
  }

  String gateId(Task task) {
    return (String) runtime.getVariable(task.getProcessInstanceId(), "gateId");
  }

  Object gateVariable(Task task, String name) {
    return runtime.getVariable(task.getProcessInstanceId(), name);
  }

  void complete(String user, Task task, Map<String, Object> variables) {
    identity.setAuthentication(user, List.of("change-managers"));
    try {
      tasks.complete(task.getId(), variables);
    } finally {
      identity.clearAuthentication();
    }
  }

  /** A variable of the finished (or running) root instance, from history. */
  Object variable(String processInstanceId, String name) {
    var v = history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name)
        .singleResult();
    return v == null ? null : v.getValue();
  }

  /** Incidents of the run, with their messages, for failure output. */
  String incidents(String root) {
    return runtime.createIncidentQuery().list().stream().filter(i -> root.equals(
            runtime.createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId()).singleResult() == null ? null
                : runtime.createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId()).singleResult()
                    .getRootProcessInstanceId()))
        .map(i -> i.getActivityId() + ": " + i.getIncidentMessage()).toList().toString();
  }
}
