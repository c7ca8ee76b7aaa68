package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** First half of the restart that makes the servers read the new port: stop those that run. */
@Component("stopManagementServersForPort")
class StopManagementServersForPortStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final IntegrationPort port;

  StopManagementServersForPortStep(EnvironmentRegistry environments, IntegrationPort port) {
    this.environments = environments;
    this.port = port;
  }

  @Override
  public void execute(DelegateExecution execution) {
    port.stopManagementServers(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)),
        SystemVmVariables.targetNaming(execution));
  }
}
