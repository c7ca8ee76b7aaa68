package org.upgradeflow.cloudstack;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Runs the pre-flight checks; the report is evidence on the plan approval gate. */
@Component("checkPreflight")
class CheckPreflightStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final Preflight preflight;

  CheckPreflightStep(EnvironmentRegistry environments, Preflight preflight) {
    this.environments = environments;
    this.preflight = preflight;
  }

  @Override
  public void execute(DelegateExecution execution) {
    PreflightReport report = preflight.check(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)));
    execution.setVariable(UpgradeVariables.PREFLIGHT_PASSED, report.passed());
    // failures first, so a cut summary still shows them
    execution.setVariable(UpgradeVariables.PREFLIGHT_SUMMARY, UpgradeVariables.fitted(report.checks().stream()
        .sorted((a, b) -> Boolean.compare(a.passed(), b.passed()))
        .map(c -> (c.passed() ? "ok   " : "FAIL ") + c.name() + " " + c.target() + ": " + c.detail())
        .collect(Collectors.joining("\n")), "the pre-flight report in the step log"));
  }
}
