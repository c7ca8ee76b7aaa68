package org.upgradeflow.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.stereotype.Component;

/**
 * Derives a run's state from the engine: history for who and when, runtime for where it is now
 * (including called sub-processes such as gates). Queries run as the caller, so the engine's
 * authorizations decide which runs are visible.
 */
@Component
class RunStates {

  static final String ENVIRONMENT = "environmentId";
  static final String PATH = "pathProcessId";
  static final String OUTCOME = "runOutcome";
  private static final List<String> COUNTERS = List.of("steps", "hosts", "systemVms");

  private final HistoryService history;
  private final RuntimeService runtime;

  RunStates(HistoryService history, RuntimeService runtime) {
    this.history = history;
    this.runtime = runtime;
  }

  /** Root process instances that name an environment: the runs. Newest first. */
  List<RunView> list(String environmentId, int max) {
    var query = history.createHistoricProcessInstanceQuery().rootProcessInstances();
    if (environmentId != null) {
      query = query.variableValueEquals(ENVIRONMENT, environmentId);
    }
    List<RunView> runs = new ArrayList<>();
    for (HistoricProcessInstance instance : query.orderByProcessInstanceStartTime().desc().listPage(0, max)) {
      RunView run = view(instance);
      if (run.environmentId() != null) {
        runs.add(run);
      }
    }
    return runs;
  }

  RunView get(String processInstanceId) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    if (instance == null) {
      throw new UnknownRunException(processInstanceId);
    }
    return view(instance);
  }

  private RunView view(HistoricProcessInstance root) {
    Map<String, Object> variables = new LinkedHashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
        .processInstanceIdIn(root.getId()).list()) {
      variables.put(v.getName(), v.getValue());
    }
    List<String> steps = new ArrayList<>();
    String gate = null;
    boolean onHold = false;
    List<String> incidents = new ArrayList<>();
    boolean active = root.getEndTime() == null;
    if (active) {
      for (var instance : runtime.createProcessInstanceQuery().rootProcessInstanceId(root.getId()).list()) {
        for (var activity : history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
            .unfinished().list()) {
          if ("callActivity".equals(activity.getActivityType()) || activity.getActivityType().endsWith("Gateway")) {
            continue;
          }
          steps.add(activity.getActivityName() == null ? activity.getActivityId() : activity.getActivityName());
          if ("Gate_Decide".equals(activity.getActivityId()) || "Gate_OnHold".equals(activity.getActivityId())) {
            Object gateId = runtime.getVariable(instance.getId(), "gateId");
            gate = gateId == null ? activity.getActivityId() : gateId.toString();
            onHold |= "Gate_OnHold".equals(activity.getActivityId());
          }
        }
        for (Incident incident : runtime.createIncidentQuery().processInstanceId(instance.getId()).list()) {
          incidents.add(incident.getActivityId() + ": " + incident.getIncidentMessage());
        }
      }
    }
    return new RunView(root.getId(), root.getProcessDefinitionKey(), (String) variables.get(ENVIRONMENT),
        (String) variables.get(PATH), state(root, active, gate, onHold, incidents, variables), gate, steps, incidents,
        progress(variables), root.getStartUserId(), instant(root.getStartTime()), instant(root.getEndTime()));
  }

  private static String state(HistoricProcessInstance root, boolean active, String gate, boolean onHold,
      List<String> incidents, Map<String, Object> variables) {
    if (!active) {
      Object outcome = variables.get(OUTCOME);
      if (outcome != null) {
        return outcome.toString();
      }
      return HistoricProcessInstance.STATE_COMPLETED.equals(root.getState()) ? "completed" : "aborted";
    }
    if (!incidents.isEmpty()) {
      return "failed";
    }
    if (onHold) {
      return "on-hold";
    }
    return gate != null ? "waiting" : "running";
  }

  private static Map<String, RunView.Progress> progress(Map<String, Object> variables) {
    Map<String, RunView.Progress> progress = new LinkedHashMap<>();
    for (String counter : COUNTERS) {
      if (variables.get(counter + "Done") instanceof Number done && variables.get(counter + "Total") instanceof Number total) {
        progress.put(counter, new RunView.Progress(done.longValue(), total.longValue()));
      }
    }
    return progress;
  }

  private static Instant instant(java.util.Date date) {
    return date == null ? null : date.toInstant();
  }

  /** No run with this id, or not visible to the caller. */
  static final class UnknownRunException extends RuntimeException {
    UnknownRunException(String id) {
      super("processInstanceId: no run '" + id + "' visible to you");
    }
  }
}
