package org.upgradeflow.gates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.upgradeflow.engine.Groups;

/**
 * What the gate's timers do. Time never decides a gate: a reminder notifies, an escalation widens
 * the candidates and raises the priority, a hold stops the run until a human resumes or aborts.
 */
@Configuration(proxyBeanMethods = false)
class GateTimerSteps {

  static final int ESCALATED_PRIORITY = 90;

  @Bean("remindGate")
  JavaDelegate remindGate(GateNotifications notifications) {
    return execution -> {
      Task task = openDecision(execution);
      notifications.send(GateNotification.Kind.REMINDER, execution, execution.getProcessInstanceId(),
          task == null ? null : task.getId(), (String) execution.getVariable(GateVariables.CANDIDATE_GROUPS),
          task == null ? null : GateNotifications.deadline(task.getCreateTime(), execution, GateVariables.ESCALATION));
    };
  }

  @Bean("escalateGate")
  JavaDelegate escalateGate(GateNotifications notifications) {
    return execution -> {
      Task task = openDecision(execution);
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
          task == null ? null : GateNotifications.deadline(task.getCreateTime(), execution, GateVariables.HOLD));
    };
  }

  private static Task openDecision(DelegateExecution execution) {
    return execution.getProcessEngineServices().getTaskService().createTaskQuery()
        .processInstanceId(execution.getProcessInstanceId()).taskDefinitionKey("Gate_Decide").singleResult();
  }
}
