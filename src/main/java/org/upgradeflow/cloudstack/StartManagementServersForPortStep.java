package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Second half of the restart: start those that do not run; they read the port at start. */
@Component("startManagementServersForPort")
class StartManagementServersForPortStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final IntegrationPort port;

  StartManagementServersForPortStep(EnvironmentRegistry environments, IntegrationPort port) {
    this.environments = environments;
    this.port = port;
  }

  @Override
  public void execute(DelegateExecution execution) {
    port.startManagementServers(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)),
        SystemVmVariables.targetNaming(execution));
  }
}
