package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Sets {@code integration.api.port} to 8096 for sysvmadm (nothing when it already is). */
@Component("openIntegrationPort")
class OpenIntegrationPortStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final IntegrationPort port;

  OpenIntegrationPortStep(EnvironmentRegistry environments, IntegrationPort port) {
    this.environments = environments;
    this.port = port;
  }

  @Override
  public void execute(DelegateExecution execution) {
    port.set(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)),
        IntegrationPort.SYSVMADM_PORT);
  }
}
