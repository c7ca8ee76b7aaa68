package org.upgradeflow.gates;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Gathers the gate's evidence right before its task opens; the form shows these variables. */
@Component("gatherGateEvidence")
class GatherGateEvidenceStep implements JavaDelegate {

  private final GateEvidenceProviders providers;

  GatherGateEvidenceStep(GateEvidenceProviders providers) {
    this.providers = providers;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // a new round of approvals starts whenever the gate opens with fresh evidence (also after a
    // hold): GateVotes counts the openings by this step's completions
    GateEvidenceVariables.write(execution, providers.gather(GateOrigin.gateId(execution), execution));
  }
}
