package org.upgradeflow.gates;

import java.util.List;
import java.util.concurrent.Callable;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.history.HistoricDetail;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableUpdate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;

/**
 * What a gate is and who started its run, from facts no completion can write: whoever completes
 * a gate task may set variables of the Gate instance (the completion's payload lands there), so
 * the rules never read those. The gate's id comes from the calling activity in the deployed
 * model ({@code <camunda:in sourceExpression="ApprovePlan" target="gateId"/>}); a Gate started on
 * its own (tests, scripts; part of no run) keeps the id it was started with, read from history.
 * The starter is the engine's start user of the root process instance (the authenticated user
 * who started the run).
 */
final class GateOrigin {

  private GateOrigin() {
  }

  /** @param execution any execution of the Gate instance */
  static String gateId(DelegateExecution execution) {
    DelegateExecution caller = execution.getProcessInstance().getSuperExecution();
    String id = caller == null ? startValue(execution) : declaredByCaller(caller);
    if (id == null && caller != null) {
      throw new IllegalStateException("gateId: call activity " + caller.getCurrentActivityId() + " of "
          + caller.getProcessDefinitionId() + " must declare <camunda:in sourceExpression=\"<GateId>\" target=\"gateId\"/>");
    }
    if (id == null || !id.matches("[A-Z][A-Za-z0-9]{1,62}")) {
      throw new IllegalStateException("gateId: expected a gate name such as ApprovePlan, got '" + id + "'");
    }
    return id;
  }

  /** The user who started the run the gate belongs to; null when no user did (started by code). */
  static String runStarter(DelegateExecution execution) {
    DelegateExecution root = execution.getProcessInstance();
    while (root.getSuperExecution() != null) {
      root = root.getSuperExecution().getProcessInstance();
    }
    String rootId = root.getId();
    HistoryService history = execution.getProcessEngineServices().getHistoryService();
    HistoricProcessInstance started = unchecked(() -> history.createHistoricProcessInstanceQuery()
        .processInstanceId(rootId).singleResult());
    if (started == null) {
      throw new IllegalStateException("run " + rootId + " has no history: the gates need history level full");
    }
    return started.getStartUserId();
  }

  private static String declaredByCaller(DelegateExecution caller) {
    ModelElementInstance element = caller.getProcessEngineServices().getRepositoryService()
        .getBpmnModelInstance(caller.getProcessDefinitionId()).getModelElementById(caller.getCurrentActivityId());
    if (!(element instanceof CallActivity call) || call.getExtensionElements() == null) {
      return null;
    }
    return call.getExtensionElements().getElementsQuery().filterByType(CamundaIn.class).list().stream()
        .filter(in -> GateVariables.GATE_ID.equals(in.getCamundaTarget()))
        .map(CamundaIn::getCamundaSourceExpression)
        // a constant: an expression could read a variable again
        .filter(value -> value != null && !value.contains("{"))
        .findFirst().orElse(null);
  }

  /** The gateId a Gate started on its own was given at its start: the first revision in history. */
  private static String startValue(DelegateExecution execution) {
    HistoryService history = execution.getProcessEngineServices().getHistoryService();
    List<HistoricDetail> first = unchecked(() -> history.createHistoricDetailQuery()
        .processInstanceId(execution.getProcessInstanceId()).variableUpdates()
        .variableNameLike(GateVariables.GATE_ID).orderByVariableRevision().asc().listPage(0, 1));
    return first.isEmpty() ? null : String.valueOf(((HistoricVariableUpdate) first.get(0)).getValue());
  }

  /**
   * Reads history inside the completing user's command without checking that user's rights on it:
   * these facts decide the gate whoever completes it.
   */
  static <T> T unchecked(Callable<T> read) {
    CommandContext context = Context.getCommandContext();
    try {
      return context == null ? read.call() : context.runWithoutAuthorization(read);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
