package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/** One probe after the reboot (polled by a timer): back when SSH answers with a new boot id. */
@Component("awaitAppliance")
class AwaitApplianceStep implements JavaDelegate {

  private final Appliance appliance;
  private final UsageMeterProperties properties;

  AwaitApplianceStep(Appliance appliance, UsageMeterProperties properties) {
    this.appliance = appliance;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    HostProbe probe = appliance.probe(target);
    boolean back = probe.reachable() && !Objects.equals(probe.bootId(), execution.getVariable(BOOT_ID_BEFORE));
    execution.setVariable(APPLIANCE_BACK, back);
    Date requested = (Date) execution.getVariable(REBOOT_REQUESTED_AT);
    if (!back && Duration.between(requested.toInstant(), ClockUtil.getCurrentTime().toInstant())
        .compareTo(properties.rebootTimeout()) > 0) {
      throw new RemoteShellException(target.name() + " is not back after the reboot within "
          + properties.rebootTimeout() + " (" + (probe.reachable() ? "same boot id as before the upgrade" : probe.detail())
          + "); open the appliance's console: is sshd enabled?");
    }
  }
}
