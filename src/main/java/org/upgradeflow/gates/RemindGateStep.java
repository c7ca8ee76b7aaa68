package org.upgradeflow.gates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/** Timer_GateReminder: tells the candidates the gate is still waiting. Never decides anything. */
@Component("remindGate")
class RemindGateStep implements JavaDelegate {

  private final GateNotifications notifications;

  RemindGateStep(GateNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Task task = openDecision(execution);
    notifications.send(GateNotification.Kind.REMINDER, execution, execution.getProcessInstanceId(),
        task == null ? null : task.getId(), (String) execution.getVariable(GateVariables.CANDIDATE_GROUPS),
        GateDeadlines.next(execution));
  }

  /** The gate's open decision task, if any (the timer may fire as the task completes). */
  static Task openDecision(DelegateExecution execution) {
    return execution.getProcessEngineServices().getTaskService().createTaskQuery()
        .processInstanceId(execution.getProcessInstanceId()).taskDefinitionKey("Gate_Decide").singleResult();
  }
}
