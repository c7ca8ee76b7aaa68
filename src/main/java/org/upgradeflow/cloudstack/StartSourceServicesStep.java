package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Rollback: the source release's agents, management and usage servers running again. */
@Component("startSourceServices")
class StartSourceServicesStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final RollbackServices services;

  StartSourceServicesStep(EnvironmentRegistry environments, RollbackServices services) {
    this.environments = environments;
    this.services = services;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String source = (String) execution.getVariable(UpgradeVariables.SOURCE_VERSION);
    services.startAll(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)),
        Naming.of(CloudStackVersion.parse(source)));
  }
}
