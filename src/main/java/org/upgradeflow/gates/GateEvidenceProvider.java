package org.upgradeflow.gates;

import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * Gathers the evidence of one gate (templates READY, hosts Up, ...). One bean per gate; the
 * gate id is the bean's {@link #gateId()}. Gates without a provider show no evidence.
 */
public interface GateEvidenceProvider {

  String gateId();

  /** Reads the run's non-secret variables (environmentId, ...) and asks the estate. */
  GateEvidence gather(VariableScope run);
}
