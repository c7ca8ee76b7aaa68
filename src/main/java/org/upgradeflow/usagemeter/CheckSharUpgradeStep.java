package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteTarget;

/** One look at the shar job (polled by a timer); a failure ends the run with the job's output. */
@Component("checkSharUpgrade")
class CheckSharUpgradeStep implements JavaDelegate {

  private final Appliance appliance;
  private final SharUpgrade shar;

  CheckSharUpgradeStep(Appliance appliance, SharUpgrade shar) {
    this.appliance = appliance;
    this.shar = shar;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    String output;
    try {
      output = shar.check(StartUpgradeScriptStep.sessionKey(execution), target);
    } catch (UpgradeScript.FailedException e) {
      execution.setVariable(SCRIPT_TRANSCRIPT, e.transcript());
      execution.setVariable(REFUSAL, e.getMessage());
      throw new BpmnError(SCRIPT_FAILED, e.getMessage());
    }
    execution.setVariable(SCRIPT_STATE, output == null ? RUNNING : DONE);
    if (output != null) {
      execution.setVariable(SCRIPT_TRANSCRIPT, UpgradeScript.tail(output));
      execution.setVariable(SCRIPT_REBOOTED, false);
    }
  }
}
