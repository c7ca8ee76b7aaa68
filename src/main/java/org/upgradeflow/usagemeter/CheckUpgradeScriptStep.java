package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.Date;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteTarget;

/**
 * One look at the running upgrade-um.sh (polled by a timer); a failure ends the run with the
 * transcript, an interrupted script (no process, appliance below the target) leads to the restore gate.
 */
@Component("checkUpgradeScript")
class CheckUpgradeScriptStep implements JavaDelegate {

  private final Appliance appliance;
  private final UpgradeScript script;

  CheckUpgradeScriptStep(Appliance appliance, UpgradeScript script) {
    this.appliance = appliance;
    this.script = script;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    UpgradeScript.Progress p;
    try {
      p = script.check(StartUpgradeScriptStep.sessionKey(execution), target, (String) execution.getVariable(TARGET_VERSION),
          ((Date) execution.getVariable(SCRIPT_STARTED_AT)).toInstant(), ClockUtil.getCurrentTime().toInstant());
    } catch (UpgradeScript.FailedException e) {
      execution.setVariable(SCRIPT_TRANSCRIPT, e.transcript());
      execution.setVariable(REFUSAL, e.getMessage());
      throw new BpmnError(SCRIPT_FAILED, e.getMessage());
    } catch (UpgradeScript.InterruptedScriptException e) {
      // a half-done upgrade: the log tail and the restore gate, as for status Offline
      execution.setVariable(SCRIPT_INTERRUPTION, e.getMessage());
      throw new BpmnError(SCRIPT_INTERRUPTED, e.getMessage());
    }
    execution.setVariable(SCRIPT_STATE, p.running() ? RUNNING : DONE);
    if (!p.running()) {
      execution.setVariable(SCRIPT_TRANSCRIPT, p.transcript());
      execution.setVariable(SCRIPT_ANSWERS, p.answers());
      execution.setVariable(SCRIPT_REBOOTED, p.rebooted());
      execution.setVariable(WRONG_HOSTNAME, p.expectedHostname() != null);
      execution.setVariable(EXPECTED_HOSTNAME, p.expectedHostname());
      execution.setVariable(FOUND_HOSTNAME, p.foundHostname());
    }
  }
}
