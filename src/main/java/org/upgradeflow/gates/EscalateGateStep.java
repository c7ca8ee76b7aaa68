package org.upgradeflow.gates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;
import org.upgradeflow.engine.Groups;

/**
 * Timer_GateEscalation: the gate also goes to the escalation managers, with a higher priority.
 * Runs once per opening of the gate (Gateway_FirstEscalation); a four-eyes round's later task
 * is escalated by {@link GateTaskListener} when it is created. Idempotent: a second run adds no
 * second candidate link.
 */
@Component("escalateGate")
class EscalateGateStep implements JavaDelegate {

  static final int ESCALATED_PRIORITY = 90;

  private final GateNotifications notifications;

  EscalateGateStep(GateNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Task task = RemindGateStep.openDecision(execution);
    if (task != null) {
      var tasks = execution.getProcessEngineServices().getTaskService();
      boolean alreadyCandidate = tasks.getIdentityLinksForTask(task.getId()).stream()
          .anyMatch(l -> Groups.ESCALATION_MANAGERS.equals(l.getGroupId()));
      if (!alreadyCandidate) {
        tasks.addCandidateGroup(task.getId(), Groups.ESCALATION_MANAGERS);
      }
      tasks.setPriority(task.getId(), ESCALATED_PRIORITY);
    }
    // the escalation managers and the original candidates: the gate now waits for either
    String recipients = execution.getVariable(GateVariables.CANDIDATE_GROUPS) + "," + Groups.ESCALATION_MANAGERS;
    notifications.send(GateNotification.Kind.ESCALATED, execution, execution.getProcessInstanceId(),
        task == null ? null : task.getId(), recipients,
        GateDeadlines.holdAt(execution));
  }
}
