package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteTarget;

/** Starts upgrade-um.sh once: not when the appliance is at the target, runs it already, or ran it before a restart. */
@Component("startUpgradeScript")
class StartUpgradeScriptStep implements JavaDelegate {

  private final Appliance appliance;
  private final UpgradeScript script;

  StartUpgradeScriptStep(Appliance appliance, UpgradeScript script) {
    this.appliance = appliance;
    this.script = script;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    if (execution.getVariable(BOOT_ID_BEFORE) == null) {
      // the reboot that follows is recognised by a new boot id
      execution.setVariable(BOOT_ID_BEFORE, appliance.probe(target).bootId());
    }
    if (execution.getVariable(SCRIPT_STARTED_AT) == null) {
      execution.setVariable(SCRIPT_STARTED_AT, ClockUtil.getCurrentTime());
    }
    UpgradeScript.Start start = script.start(sessionKey(execution), target,
        (String) execution.getVariable(TARGET_VERSION), UsageMeterPath.TO_47.target().equals(execution.getVariable(TARGET_VERSION)));
    execution.setVariable(SCRIPT_STATE, start.name().toLowerCase());
  }

  static String sessionKey(DelegateExecution execution) {
    return "um-" + execution.getProcessInstanceId();
  }
}
