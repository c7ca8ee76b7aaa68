package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The run's summary on its root instance, and its outcome {@code completed} for /api/runs. */
@Component("writeSummary")
class WriteSummaryStep implements JavaDelegate {

  static final String SUMMARY = "runSummary";

  private final RunProgress progress;

  WriteSummaryStep(RunProgress progress) {
    this.progress = progress;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String summary = "CloudStack " + execution.getVariable(UpgradeVariables.SOURCE_VERSION) + " -> "
        + execution.getVariable(VerifyUpgradeStep.RELEASE) + " on " + execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)
        + " by " + execution.getProcessDefinitionId().split(":")[0] + "\n"
        + "VMware: " + execution.getVariable(ReencryptVmwarePasswordsStep.ROWS_ENCRYPTED) + "\n"
        + "system VMs restarted: " + execution.getVariable("systemVmsDone") + " of " + execution.getVariable("systemVmsTotal")
        + "; KVM hosts: " + execution.getVariable("hostsDone") + " of " + execution.getVariable("hostsTotal") + "\n"
        + "verified:\n" + execution.getVariable(VerifyUpgradeStep.VERIFIED);
    String fitted = UpgradeVariables.fitted(summary, "GET /api/runs/" + progress.runId(execution));
    execution.setVariable(SUMMARY, fitted);
    progress.setOnRun(execution, SUMMARY, fitted);
    progress.setOnRun(execution, RunProgress.OUTCOME, "completed");
  }
}
