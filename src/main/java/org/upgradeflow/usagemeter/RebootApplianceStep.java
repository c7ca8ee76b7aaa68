package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Reboots the appliance to complete the upgrade, unless it rebooted already: 4.7's script on
 * "y", or a boot id different from the one before the upgrade, or the host is down right now.
 */
@Component("rebootAppliance")
class RebootApplianceStep implements JavaDelegate {

  private final Appliance appliance;

  RebootApplianceStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    if (execution.getVariable(REBOOT_REQUESTED_AT) == null) {
      execution.setVariable(REBOOT_REQUESTED_AT, ClockUtil.getCurrentTime());
    }
    if (Boolean.TRUE.equals(execution.getVariable(SCRIPT_REBOOTED))) {
      return;
    }
    HostProbe now = appliance.probe(target);
    if (!now.reachable() || !Objects.equals(now.bootId(), execution.getVariable(BOOT_ID_BEFORE))) {
      return;
    }
    appliance.reboot(target);
  }
}
