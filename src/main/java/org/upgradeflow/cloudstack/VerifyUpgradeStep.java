package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Verifies the estate at the end of a path; a management server or agent not back on the target
 * is the business error {@code UpgradeNotVerified} (the change manager decides at
 * Gate_ResolveFailure), not an incident.
 */
@Component("verifyUpgrade")
class VerifyUpgradeStep implements JavaDelegate {

  static final String ERROR = "UpgradeNotVerified";
  static final String VERIFIED = "verificationSummary";
  static final String RELEASE = "upgradedVersion";

  private final PathRun run;
  private final UpgradeVerification verification;

  VerifyUpgradeStep(PathRun run, UpgradeVerification verification) {
    this.run = run;
    this.verification = verification;
  }

  @Override
  public void execute(DelegateExecution execution) {
    UpgradeVerification.Report report = verification.verify(run.environment(execution), run.target(execution));
    if (!report.passed()) {
      String summary = "verification failed: " + String.join("; ", report.problems());
      Failures.record(execution, summary, String.join("\n", report.checked()));
      throw new BpmnError(ERROR, summary);
    }
    execution.setVariable(RELEASE, report.databaseVersion());
    execution.setVariable(VERIFIED, UpgradeVariables.fitted(String.join("\n", report.checked()), "the step log"));
  }
}
