package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.Set;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Product;

/** Refuses a start without a Usage Meter environmentId or with a targetVersion other than 4.3, 4.5, 4.7. */
@Component("validateUsageMeterRequest")
class ValidateUsageMeterRequest implements ExecutionListener {

  static final Set<String> TARGETS = Set.of("4.3", "4.5", "4.7");

  private final EnvironmentRegistry environments;

  ValidateUsageMeterRequest(EnvironmentRegistry environments) {
    this.environments = environments;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object id = execution.getVariable(ENVIRONMENT_ID);
    if (!(id instanceof String environmentId) || environmentId.isBlank()) {
      throw new BadUserRequestException("environmentId: required, the id of a Usage Meter environment");
    }
    Environment env;
    try {
      env = environments.get(environmentId);
    } catch (EnvironmentRegistry.UnknownEnvironmentException e) {
      throw new BadUserRequestException(e.getMessage());
    }
    if (env.product() != Product.USAGEMETER) {
      throw new BadUserRequestException("environmentId: " + environmentId + " is a "
          + env.product().name().toLowerCase() + " environment; start CloudStackUpgrade for it");
    }
    Object target = execution.getVariable(TARGET_VERSION);
    if (!(target instanceof String t) || !TARGETS.contains(t.strip())) {
      throw new BadUserRequestException("targetVersion: expected 4.3, 4.5 or 4.7, got "
          + (target == null ? "nothing" : "'" + target + "'"));
    }
    execution.setVariable(TARGET_VERSION, t.strip());
  }
}
