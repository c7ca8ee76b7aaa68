package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.remote.RemoteTarget;

/**
 * The procedures' prerequisites on the appliance, after the snapshot is confirmed: the proxy in
 * {@code /etc/sysconfig/proxy} when the environment names one (edited in Java with a backup),
 * and sshd enabled so that the appliance is reachable again after the upgrade's reboot.
 */
@Component("prepareAppliance")
class PrepareApplianceStep implements JavaDelegate {

  private final Appliance appliance;

  PrepareApplianceStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String environmentId = (String) execution.getVariable(ENVIRONMENT_ID);
    Environment env = appliance.environment(environmentId);
    RemoteTarget target = appliance.target(environmentId);
    if (env.proxy() != null && !env.proxy().isBlank()) {
      appliance.shell().editFile(target, Appliance.PROXY_FILE, content -> ProxySettings.apply(content, env.proxy()));
    }
    if (!appliance.sshdEnabled(target)) {
      appliance.enableSshd(target);
      execution.setVariable(SSHD_ENABLED_BY_RUN, true);
    } else if (execution.getVariable(SSHD_ENABLED_BY_RUN) == null) {
      execution.setVariable(SSHD_ENABLED_BY_RUN, false);
    }
  }
}
