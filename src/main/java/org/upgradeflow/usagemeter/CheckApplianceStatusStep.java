package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * {@code bash scripts/status.sh}: {@code Running} ends well (with more lines than that: a warning
 * with the newest log's tail); {@code Offline} leads to the log and the restore gate.
 */
@Component("checkApplianceStatus")
class CheckApplianceStatusStep implements JavaDelegate {

  private final Appliance appliance;
  private final UpgradeLogs logs;

  CheckApplianceStatusStep(Appliance appliance, UpgradeLogs logs) {
    this.appliance = appliance;
    this.logs = logs;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    String output = appliance.status(target);
    String first = output.lines().findFirst().orElse("").strip();
    if (!first.equals("Running") && !first.equals("Offline")) {
      throw new RemoteShellException(target.name() + ": status.sh said '" + output + "', expected Running or Offline");
    }
    execution.setVariable(STATUS, first);
    execution.setVariable(UPGRADED_VERSION, appliance.installedVersion(target));
    if (first.equals("Running") && output.lines().count() > 1) {
      UpgradeLogs.Tail tail = logs.newest(target, (String) execution.getVariable(TARGET_VERSION));
      execution.setVariable(STATUS_WARNING, "status.sh: Running with errors (may be unrelated to the upgrade):\n"
          + UpgradeScript.tail(output, 1000) + "\n--- " + tail.path() + " ---\n" + tail.text());
    }
  }
}
