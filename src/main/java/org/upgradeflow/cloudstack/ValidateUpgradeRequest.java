package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Product;

/** Refuses a start with a missing, unknown or non-CloudStack environmentId before the run exists. */
@Component("validateUpgradeRequest")
class ValidateUpgradeRequest implements ExecutionListener {

  private final EnvironmentRegistry environments;

  ValidateUpgradeRequest(EnvironmentRegistry environments) {
    this.environments = environments;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object id = execution.getVariable(UpgradeVariables.ENVIRONMENT_ID);
    if (!(id instanceof String environmentId) || environmentId.isBlank()) {
      throw new BadUserRequestException("environmentId: required, the id of a CloudStack environment");
    }
    Environment env;
    try {
      env = environments.get(environmentId);
    } catch (EnvironmentRegistry.UnknownEnvironmentException e) {
      throw new BadUserRequestException(e.getMessage());
    }
    if (env.product() != Product.CLOUDSTACK) {
      throw new BadUserRequestException("environmentId: " + environmentId + " is a "
          + env.product().name().toLowerCase() + " environment; start UsageMeterUpgrade for it");
    }
  }
}
