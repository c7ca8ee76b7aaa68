package org.upgradeflow.gates;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;
import org.upgradeflow.engine.Groups;

/**
 * The gate's user tasks: on create, clear the previous answer and announce the gate; on
 * complete, apply {@link GateCompletionRules} (a refusal leaves the task open) and keep the vote
 * ({@link GateVotes}).
 */
@Component("gateTaskListener")
class GateTaskListener implements TaskListener {

  static final String HOLD_TASK = "Gate_OnHold";
  static final List<String> HOLD_CHOICES = List.of("resume", "abort");

  private final GateEvidenceProviders evidence;
  private final GateNotifications notifications;
  private final GateProperties properties;

  GateTaskListener(GateEvidenceProviders evidence, GateNotifications notifications, GateProperties properties) {
    this.evidence = evidence;
    this.notifications = notifications;
    this.properties = properties;
  }

  @Override
  public void notify(DelegateTask task) {
    switch (task.getEventName()) {
      case EVENTNAME_CREATE -> opened(task);
      case EVENTNAME_COMPLETE -> completing(task);
      default -> { }
    }
  }

  private void opened(DelegateTask task) {
    task.getExecution().removeVariable(GateVariables.DECISION);
    task.getExecution().removeVariable(GateVariables.REASON);
    boolean hold = HOLD_TASK.equals(task.getTaskDefinitionKey());
    if (!hold && Boolean.TRUE.equals(task.getVariable(GateVariables.ESCALATED))) {
      // a four-eyes round after the escalation: the new task stays with the escalation managers;
      // Gate.bpmn does not escalate (nor notify) a second time in the same opening
      task.addCandidateGroup(Groups.ESCALATION_MANAGERS);
      task.setPriority(EscalateGateStep.ESCALATED_PRIORITY);
    }
    // Tasklist lists tasks by name: say which gate of which estate, not the model's "Decide"
    task.setName((hold ? "On hold: gate " : "Gate ") + GateOrigin.gateId(task.getExecution()) + " of "
        + task.getVariable("environmentId"));
    // the deadlines count from the gate's opening, not from this task (a four-eyes round makes a new one)
    notifications.send(hold ? GateNotification.Kind.ON_HOLD : GateNotification.Kind.GATE_OPENED,
        task, task.getProcessInstanceId(), task.getId(), String.join(",", candidateGroups(task)),
        hold ? null : GateDeadlines.next(task));
  }

  private void completing(DelegateTask task) {
    boolean hold = HOLD_TASK.equals(task.getTaskDefinitionKey());
    // the rules read only what no completion can write (see GateOrigin, GateVotes); the payload's
    // own variables are the decision, the reason and the gate's inputs
    String gateId = GateOrigin.gateId(task.getExecution());
    GateProperties.GateSettings settings = properties.forGate(gateId);
    Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String decision = text(task, GateVariables.DECISION);
    boolean holds = true;
    String summary = "";
    if (!hold && GateCompletionRules.APPROVE.equals(decision)) {
      // re-check at completion: the evidence shown when the task opened may be stale either way
      GateEvidence now = evidence.gather(gateId, task);
      holds = now.conditionHolds();
      summary = now.summary();
      GateEvidenceVariables.write(task, now);
    }
    int opening = GateVotes.opening(task);
    var facts = new GateCompletionRules.Facts(gateId,
        auth == null ? null : auth.getUserId(),
        auth == null || auth.getGroupIds() == null ? Set.of() : new HashSet<>(auth.getGroupIds()),
        candidateGroups(task),
        hold ? HOLD_CHOICES : settings.choices(), hold,
        decision, text(task, GateVariables.REASON), hold || holds, summary,
        hold ? 1 : settings.approvers(),
        GateOrigin.runStarter(task.getExecution()),
        hold ? List.of() : GateVotes.approversOfOpening(task, opening),
        hold ? Map.of() : inputs(task, settings.inputs()));
    String outcome = GateCompletionRules.check(facts);
    if (hold && "resume".equals(decision)) {
      outcome = "resume";
    }
    task.setVariable(GateVariables.OUTCOME, outcome);
    Object shownSummary = task.getVariable(GateVariables.EVIDENCE_SUMMARY);
    Object shownHolds = task.getVariable(GateVariables.CONDITION_HOLDS);
    GateVotes.record(task, new GateVote(gateId, task.getId(), facts.user(), decision, facts.reason(),
        ClockUtil.getCurrentTime().toInstant().toString(), shownSummary == null ? null : shownSummary.toString(),
        shownHolds instanceof Boolean b ? b : null, given(facts.inputs()), opening));
  }

  /** A completion variable that must be text (or absent); anything else is refused naming it. */
  private static String text(DelegateTask task, String name) {
    Object value = task.getVariable(name);
    if (value != null && !(value instanceof String)) {
      throw new GateRefusedException(name + ": expected text, got a " + value.getClass().getSimpleName());
    }
    return (String) value;
  }

  static Set<String> candidateGroups(DelegateTask task) {
    return task.getCandidates().stream()
        .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
        .map(IdentityLink::getGroupId).collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static Map<String, String> given(Map<String, Object> inputs) {
    Map<String, String> given = new java.util.TreeMap<>();
    inputs.forEach((name, value) -> {
      if (value != null) {
        given.put(name, value.toString());
      }
    });
    return given.isEmpty() ? null : given;
  }

  /** The gate's own inputs as the completion left them (in name order), missing ones as null. */
  private static Map<String, Object> inputs(DelegateTask task, List<String> names) {
    Map<String, Object> values = new java.util.TreeMap<>();
    names.forEach(name -> values.put(name, task.getVariable(name)));
    return values;
  }
}
