package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Rollback: nothing may write to the database while it is restored. */
@Component("stopServicesForRollback")
class StopServicesForRollbackStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final RollbackServices services;

  StopServicesForRollbackStep(EnvironmentRegistry environments, RollbackServices services) {
    this.environments = environments;
    this.services = services;
  }

  @Override
  public void execute(DelegateExecution execution) {
    services.stopAll(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)));
  }
}
