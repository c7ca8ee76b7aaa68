package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** The run's summary for people, with the procedures' warning not to revert to the snapshot. */
@Component("summarizeUsageMeterUpgrade")
class SummarizeUpgradeStep implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    StringBuilder s = new StringBuilder();
    s.append("Usage Meter on ").append(execution.getVariable(APPLIANCE)).append(" (").append(execution.getVariable(ENVIRONMENT_ID))
        .append(") upgraded from ").append(execution.getVariable(INSTALLED_VERSION)).append(" to ")
        .append(execution.getVariable(UPGRADED_VERSION)).append("; status.sh: ").append(execution.getVariable(STATUS)).append('\n');
    s.append("Upgrade file: ").append(execution.getVariable(ARTIFACT_EVIDENCE)).append('\n');
    s.append("Snapshot confirmed: ").append(execution.getVariable(SNAPSHOT_NAME)).append(" taken ")
        .append(execution.getVariable(SNAPSHOT_TIME)).append('\n');
    Object answers = execution.getVariable(SCRIPT_ANSWERS);
    if (answers != null && !answers.toString().isEmpty()) {
      s.append("Prompts answered: ").append(answers).append('\n');
    }
    if (execution.getVariable(STATUS_WARNING) != null) {
      s.append("WARNING: status.sh reported errors; see statusWarning\n");
    }
    s.append("sshd stopped").append(SharUpgrade.TARGET.equals(execution.getVariable(TARGET_VERSION))
        && !Boolean.TRUE.equals(execution.getVariable(SSHD_ENABLED_BY_RUN)) ? "" : " and disabled").append('\n');
    s.append("Do not revert to the snapshot ").append(execution.getVariable(SNAPSHOT_NAME))
        .append(" now that the upgrade succeeded: monthly aggregation and reporting of product consumption would break.");
    execution.setVariable(SUMMARY, s.toString());
    execution.setVariable(RUN_OUTCOME, "completed");
  }
}
