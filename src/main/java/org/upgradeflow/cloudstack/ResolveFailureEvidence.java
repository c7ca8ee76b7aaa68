package org.upgradeflow.cloudstack;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/**
 * Evidence of Gate_ResolveFailure: which step failed, what it said and the tail of its log, so
 * that the change manager chooses retry, rollback or abort knowing why.
 */
@Component
class ResolveFailureEvidence implements GateEvidenceProvider {

  static final String GATE = "ResolveFailure";
  static final String FAILED_STEP = "failedStep";
  /** the BpmnError's message, for a fragment that set no failureSummary */
  static final String FAILURE_MESSAGE = "failureMessage";

  @Override
  public String gateId() {
    return GATE;
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    Object summary = run.getVariable(Failures.SUMMARY);
    if (summary == null || summary.toString().isBlank()) {
      summary = run.getVariable(FAILURE_MESSAGE);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("failed step", String.valueOf(run.getVariable(FAILED_STEP)));
    Object tail = run.getVariable(Failures.LOG_TAIL);
    details.put("log tail", tail == null || tail.toString().isBlank() ? "(none)" : tail.toString());
    return new GateEvidence(true, run.getVariable(FAILED_STEP) + " failed: " + summary, details);
  }
}
