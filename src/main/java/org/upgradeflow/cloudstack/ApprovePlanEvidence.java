package org.upgradeflow.cloudstack;

import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/** Gate_ApprovePlan shows the plan and the pre-flight report; a failed check needs an override. */
@Component
class ApprovePlanEvidence implements GateEvidenceProvider {

  @Override
  public String gateId() {
    return "ApprovePlan";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    boolean passed = Boolean.TRUE.equals(run.getVariable(UpgradeVariables.PREFLIGHT_PASSED));
    String preflight = String.valueOf(run.getVariable(UpgradeVariables.PREFLIGHT_SUMMARY));
    return new GateEvidence(passed, passed ? "all pre-flight checks passed"
        : "pre-flight checks failed:\n" + preflight.lines().filter(l -> l.startsWith("FAIL")).reduce((a, b) -> a + "\n" + b).orElse(""),
        Map.of("plan", String.valueOf(run.getVariable(UpgradeVariables.PLAN_SUMMARY)), "preflight", preflight));
  }
}
