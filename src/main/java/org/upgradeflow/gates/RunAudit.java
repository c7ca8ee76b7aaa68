package org.upgradeflow.gates;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who did what to a run, when, why and on which evidence, from the engine's history: the start
 * (start user), every gate vote of the run and of the Gate instances it called ({@link GateVotes}), reminders, escalations and holds (the timer tasks' history) and the user operation
 * log (claims, completions, modifications, cancellations through any client).
 */
@Component
class RunAudit {

  /** One line of the audit. {@code user} is null for what the engine did by itself (timers). */
  record Event(Instant time, String event, String user, String gateId, String processInstanceId, String taskId,
      String decision, String reason, String evidence, String detail) {
  }

  record Report(String processInstanceId, String processDefinitionKey, String environmentId, String startedBy,
      Instant startTime, Instant endTime, String state, List<Event> events) {
  }

  /** The run does not exist, or the current user may not read its history. */
  static class NotVisible extends RuntimeException {
    final boolean exists;

    NotVisible(String message, boolean exists) {
      super(message);
      this.exists = exists;
    }
  }

  private static final String GATE_PROCESS = "Gate";
  private static final Map<String, String> TIMER_ACTIVITIES = Map.of(
      "Task_SendReminder", "reminded",
      "Task_EscalateGate", "escalated",
      "Gate_OnHold", "on-hold");

  private final HistoryService history;
  private final IdentityService identity;

  RunAudit(HistoryService history, IdentityService identity) {
    this.history = history;
    this.identity = identity;
  }

  /** The audit of one run, if the current engine user may read its history. */
  Report of(String processInstanceId) {
    // the engine checks the current user's rights (READ_HISTORY) on this query
    HistoricProcessInstance root = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      if (root == null) {
        boolean exists = history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0;
        throw new NotVisible(exists ? "not allowed to read the history of run " + processInstanceId
            : "no run " + processInstanceId, exists);
      }
      return collect(root);
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }

  private Report collect(HistoricProcessInstance root) {
    List<HistoricProcessInstance> instances = withCalledInstances(root);
    List<Event> events = new ArrayList<>();
    for (HistoricProcessInstance instance : instances) {
      Map<String, Object> variables = variables(instance.getId());
      String gateId = (String) variables.get(GateVariables.GATE_ID);
      boolean isRoot = instance.getId().equals(root.getId());
      // a called path or fragment is "called", only an instance of Gate opens a gate
      String opened = isRoot ? "started" : GATE_PROCESS.equals(instance.getProcessDefinitionKey()) ? "gate-opened" : "called";
      events.add(new Event(instant(instance.getStartTime()), opened,
          isRoot ? startUser(instance, variables) : null, gateId, instance.getId(), null, null, null, null,
          instance.getProcessDefinitionKey()));
      GateVotes.of(history, instance.getId()).forEach(v -> events.add(new Event(Instant.parse(v.at()), voteEvent(v.decision()), v.user(),
          v.gateId(), instance.getId(), v.taskId(), v.decision(), v.reason(),
          evidence(v.evidenceSummary(), v.conditionHolds()), inputs(v))));
      List<HistoricActivityInstance> timerActivities = TIMER_ACTIVITIES.keySet().stream()
          .flatMap(activityId -> history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
              .activityId(activityId).list().stream()).toList();
      for (HistoricActivityInstance activity : timerActivities) {
        Date when = activity.getActivityId().startsWith("Task_") ? activity.getEndTime() : activity.getStartTime();
        if (when != null) {
          events.add(new Event(instant(when), TIMER_ACTIVITIES.get(activity.getActivityId()), null, gateId,
              instance.getId(), activity.getTaskId(), null, null, null, activity.getActivityName()));
        }
      }
      events.addAll(operations(instance.getId(), gateId));
      if (isRoot && instance.getEndTime() != null) {
        events.add(new Event(instant(instance.getEndTime()), "ended", null, gateId, instance.getId(), null,
            (String) variables.get(GateVariables.OUTCOME), instance.getDeleteReason(), null, instance.getState()));
      }
    }
    events.sort(Comparator.comparing(Event::time));
    Map<String, Object> rootVariables = variables(root.getId());
    return new Report(root.getId(), root.getProcessDefinitionKey(), (String) rootVariables.get("environmentId"),
        startUser(root, rootVariables), instant(root.getStartTime()), instant(root.getEndTime()), root.getState(),
        List.copyOf(events));
  }

  private List<HistoricProcessInstance> withCalledInstances(HistoricProcessInstance root) {
    List<HistoricProcessInstance> all = new ArrayList<>();
    Deque<HistoricProcessInstance> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty() && all.size() < 1000) {
      HistoricProcessInstance next = todo.poll();
      all.add(next);
      todo.addAll(history.createHistoricProcessInstanceQuery().superProcessInstanceId(next.getId())
          .orderByProcessInstanceStartTime().asc().list());
    }
    return all;
  }

  private Map<String, Object> variables(String processInstanceId) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId)
        .variableNameIn(GateVariables.GATE_ID, GateVariables.OUTCOME, GateVariables.RUN_INITIATOR,
            "environmentId").disableCustomObjectDeserialization().list()) {
      // the process-level value wins over a local one of the same name
      if (v.getActivityInstanceId() == null || v.getActivityInstanceId().equals(processInstanceId)
          || !values.containsKey(v.getName())) {
        values.put(v.getName(), v.getValue());
      }
    }
    return values;
  }

  private static String startUser(HistoricProcessInstance instance, Map<String, Object> variables) {
    if (instance.getStartUserId() != null) {
      return instance.getStartUserId();
    }
    Object initiator = variables.get(GateVariables.RUN_INITIATOR);
    return initiator == null ? null : initiator.toString();
  }

  private List<Event> operations(String processInstanceId, String gateId) {
    Map<String, List<UserOperationLogEntry>> byOperation = history.createUserOperationLogQuery()
        .processInstanceId(processInstanceId).orderByTimestamp().asc().list().stream()
        .collect(Collectors.groupingBy(UserOperationLogEntry::getOperationId, LinkedHashMap::new, Collectors.toList()));
    List<Event> events = new ArrayList<>();
    byOperation.forEach((operationId, entries) -> {
      UserOperationLogEntry first = entries.get(0);
      String changes = entries.stream().filter(e -> e.getProperty() != null)
          .map(e -> e.getProperty() + "=" + e.getNewValue()).collect(Collectors.joining("; "));
      events.add(new Event(instant(first.getTimestamp()),
          "operation:" + first.getEntityType() + ":" + first.getOperationType(), first.getUserId(), gateId,
          processInstanceId, first.getTaskId(), null, first.getAnnotation(), null, changes.isEmpty() ? null : changes));
    });
    return events;
  }

  /** The gate's own inputs of a vote as "name=value; ...", or null. */
  private static String inputs(GateVote vote) {
    return vote.inputs() == null || vote.inputs().isEmpty() ? null : vote.inputs().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
  }

  private static String voteEvent(String decision) {
    return switch (decision == null ? "" : decision) {
      case "approve" -> "approved";
      case "reject" -> "rejected";
      case "override" -> "overrode";
      case "resume" -> "resumed";
      case "abort" -> "aborted";
      default -> "decided:" + decision;
    };
  }

  private static String evidence(String summary, Boolean holds) {
    if (summary == null || summary.isBlank()) {
      return holds == null ? null : (holds ? "condition holds" : "condition does not hold");
    }
    return summary + (holds == null ? "" : holds ? " (condition holds)" : " (condition does not hold)");
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
