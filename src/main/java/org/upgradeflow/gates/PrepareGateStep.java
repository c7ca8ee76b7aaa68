package org.upgradeflow.gates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.springframework.stereotype.Component;

/**
 * Maps the gate's configuration to the variables its user task and timers read, and fixes its
 * deadlines from now: the gate opens here, and again here when it resumes from hold.
 */
@Component("prepareGate")
class PrepareGateStep implements JavaDelegate {

  private final GateProperties properties;

  PrepareGateStep(GateProperties properties) {
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // the id the calling model declares, whatever the variable says by now
    String gateId = GateOrigin.gateId(execution);
    execution.setVariable(GateVariables.GATE_ID, gateId);
    GateProperties.GateSettings settings = properties.forGate(gateId);
    execution.setVariable(GateVariables.FORM, settings.form());
    execution.setVariable(GateVariables.CANDIDATE_GROUPS, String.join(",", settings.candidateGroups()));
    execution.setVariable(GateVariables.REMINDER, settings.reminder().toString());
    execution.setVariable(GateVariables.ESCALATION, settings.escalation().toString());
    execution.setVariable(GateVariables.HOLD, settings.hold().toString());
    // for people (Cockpit, the form); the listener takes choices, approvers and inputs from configuration
    execution.setVariable(GateVariables.APPROVERS, settings.approvers());
    execution.setVariable(GateVariables.CHOICE_LIST, String.join(",", settings.choices()));
    GateDeadlines.fix(execution, settings);
    whereItStands(execution);
  }

  /**
   * The path and step the gate belongs to, as the change manager sees them in Cockpit. A gate in a
   * shared fragment names the path that called the fragment too ("Usage Meter 4.5 › verified ISO
   * mounted"): the fragment alone does not say which upgrade waits. The entry process is named
   * only when the gate is its own.
   */
  private static void whereItStands(DelegateExecution execution) {
    DelegateExecution caller = execution.getProcessInstance().getSuperExecution();
    if (caller == null) {
      return; // started on its own (tests, a script): no path around it
    }
    RepositoryService repository = execution.getProcessEngineServices().getRepositoryService();
    java.util.Deque<String> processes = new java.util.ArrayDeque<>();
    for (DelegateExecution at = caller; at != null; at = at.getProcessInstance().getSuperExecution()) {
      boolean entry = at.getProcessInstance().getSuperExecution() == null;
      if (entry && !processes.isEmpty()) {
        break;
      }
      ProcessDefinition process = repository.getProcessDefinition(at.getProcessDefinitionId());
      processes.addFirst((process.getName() == null ? "" : process.getName() + " ") + "(" + process.getKey() + ")");
    }
    execution.setVariable(GateVariables.PROCESS, String.join(" › ", processes));
    // a waiting execution carries no activity name: the (cached) model has it
    FlowElement step = repository.getBpmnModelInstance(caller.getProcessDefinitionId())
        .getModelElementById(caller.getCurrentActivityId());
    execution.setVariable(GateVariables.STEP, step == null || step.getName() == null
        ? caller.getCurrentActivityId() : step.getName());
  }
}
