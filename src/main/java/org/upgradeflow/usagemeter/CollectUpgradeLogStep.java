package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Status Offline: the tail of the procedure's upgrade log, evidence for Gate_RestoreSnapshot. */
@Component("collectUpgradeLog")
class CollectUpgradeLogStep implements JavaDelegate {

  private final Appliance appliance;
  private final UpgradeLogs logs;

  CollectUpgradeLogStep(Appliance appliance, UpgradeLogs logs) {
    this.appliance = appliance;
    this.logs = logs;
  }

  @Override
  public void execute(DelegateExecution execution) {
    UpgradeLogs.Tail tail = logs.newest(appliance.target((String) execution.getVariable(ENVIRONMENT_ID)),
        (String) execution.getVariable(TARGET_VERSION));
    execution.setVariable(UPGRADE_LOG, tail.path());
    execution.setVariable(UPGRADE_LOG_TAIL, tail.text());
  }
}
