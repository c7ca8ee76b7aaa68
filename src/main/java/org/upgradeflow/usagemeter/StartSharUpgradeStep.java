package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteTarget;

/** Runs the shar as a detached job, once. */
@Component("startSharUpgrade")
class StartSharUpgradeStep implements JavaDelegate {

  private final Appliance appliance;
  private final SharUpgrade shar;

  StartSharUpgradeStep(Appliance appliance, SharUpgrade shar) {
    this.appliance = appliance;
    this.shar = shar;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    if (execution.getVariable(BOOT_ID_BEFORE) == null) {
      execution.setVariable(BOOT_ID_BEFORE, appliance.probe(target).bootId());
    }
    execution.setVariable(SCRIPT_STATE, shar.start(StartUpgradeScriptStep.sessionKey(execution), target));
  }
}
