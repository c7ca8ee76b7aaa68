package org.upgradeflow.gates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Gathers the gate's evidence right before its task opens; the form shows these variables. */
@Component("gatherGateEvidence")
class GatherGateEvidenceStep implements JavaDelegate {

  static final String SUMMARY = "gateEvidenceSummary";
  static final String DETAILS = "gateEvidence";
  /** the details as text lines for the decision form (a map variable is Java-serialized, forms cannot read it) */
  static final String DETAILS_TEXT = "gateEvidenceText";

  private final GateEvidenceProviders providers;

  GatherGateEvidenceStep(GateEvidenceProviders providers) {
    this.providers = providers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    GateEvidence evidence = providers.gather((String) execution.getVariable(GateVariables.GATE_ID), execution);
    execution.setVariable(GateVariables.CONDITION_HOLDS, evidence.conditionHolds());
    execution.setVariable(SUMMARY, evidence.summary());
    execution.setVariable(DETAILS, new java.util.LinkedHashMap<>(evidence.details()));
    execution.setVariable(DETAILS_TEXT, evidence.details().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .map(e -> "- " + e.getKey() + ": " + e.getValue())
        .collect(java.util.stream.Collectors.joining("\n")));
    // a new round of approvals starts whenever the gate opens with fresh evidence (also after a hold)
    execution.removeVariable(GateTaskListener.APPROVERS_THIS_ROUND);
  }
}
