package org.upgradeflow.gates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;

/**
 * Where the votes of a gate are kept: each as a task-local variable of the task it completed,
 * written by the complete listener after its checks. A completion's payload lands in the Gate
 * instance's variables, never in a task-local one, and the listener writes the vote after it; a
 * completed task's variables live on only in history, which no user may write. Only variables
 * of tasks the engine recorded as completed count, each carrying its own task's id.
 */
final class GateVotes {

  static final String VARIABLE = "gateVote";
  /** Camunda's delete reason of a completed task */
  private static final String COMPLETED = "completed";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private GateVotes() {
  }

  static void record(DelegateTask task, GateVote vote) {
    try {
      task.setVariableLocal(VARIABLE, JSON.writeValueAsString(vote));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("gate vote at " + vote.gateId() + " cannot be written", e);
    }
  }

  /** The votes of one Gate instance, oldest first (those of the same instant in no particular order). */
  static List<GateVote> of(HistoryService history, String gateInstanceId) {
    Set<String> completed = history.createHistoricTaskInstanceQuery().processInstanceId(gateInstanceId).finished()
        .list().stream().filter(t -> COMPLETED.equals(t.getDeleteReason()))
        .map(HistoricTaskInstance::getId).collect(Collectors.toSet());
    return history.createHistoricVariableInstanceQuery().processInstanceId(gateInstanceId).variableName(VARIABLE)
        .includeDeleted().list().stream()
        .filter(v -> v.getTaskId() != null && completed.contains(v.getTaskId()))
        .map(GateVotes::read)
        .filter(vote -> vote != null && completed.contains(vote.taskId()))
        .sorted(Comparator.comparing(vote -> java.time.Instant.parse(vote.at())))
        .toList();
  }

  /** The users who approved (or overrode) in this opening of the gate, before the current task. */
  static List<String> approversOfOpening(DelegateTask task, int opening) {
    HistoryService history = task.getProcessEngineServices().getHistoryService();
    return GateOrigin.unchecked(() -> of(history, task.getProcessInstanceId())).stream()
        .filter(v -> v.opening() == opening)
        .filter(v -> GateCompletionRules.APPROVE.equals(v.decision()) || GateCompletionRules.OVERRIDE.equals(v.decision()))
        .map(GateVote::user).toList();
  }

  /** How often the gate has opened so far: each opening gathers its evidence once (Task_GatherEvidence). */
  static int opening(DelegateTask task) {
    HistoryService history = task.getProcessEngineServices().getHistoryService();
    return (int) (long) GateOrigin.unchecked(() -> history.createHistoricActivityInstanceQuery()
        .processInstanceId(task.getProcessInstanceId()).activityId("Task_GatherEvidence").finished().count());
  }

  private static GateVote read(HistoricVariableInstance variable) {
    try {
      GateVote vote = JSON.readValue(String.valueOf(variable.getValue()), GateVote.class);
      // a vote names the task it belongs to: a copy moved to another task does not count
      return variable.getTaskId().equals(vote.taskId()) ? vote : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
