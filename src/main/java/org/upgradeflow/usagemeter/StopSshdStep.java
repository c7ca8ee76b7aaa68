package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Security clean-up: 4.5/4.7 {@code systemctl stop sshd; systemctl disable sshd}; 4.3
 * {@code service sshd stop}, and disabled again when this run enabled it for the reboot.
 * Disabled before stopped: the open connection survives the stop, a retry would not reconnect.
 */
@Component("stopSshd")
class StopSshdStep implements JavaDelegate {

  private final Appliance appliance;

  StopSshdStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    boolean shar = SharUpgrade.TARGET.equals(execution.getVariable(TARGET_VERSION));
    boolean disable = !shar || Boolean.TRUE.equals(execution.getVariable(SSHD_ENABLED_BY_RUN));
    if (disable && appliance.sshdEnabled(target)) {
      appliance.disableSshd(target);
    }
    if (appliance.sshdActive(target)) {
      appliance.stopSshd(target, shar);
    }
    appliance.shell().disconnect(target);
  }
}
