package org.upgradeflow.cloudstack;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * 4.0 path: the gate's {@code apiAuthenticator} ({@link ApiAuthenticator}) applied to
 * componentContext.xml on each management server; out: {@code apiAuthenticatorApplied}.
 */
@Component("applyApiAuthenticator")
class ApplyApiAuthenticatorStep implements JavaDelegate {

  static final String APPLIED = "apiAuthenticatorApplied";

  private final EnvironmentRegistry environments;
  private final ApiAuthenticators authenticators;

  ApplyApiAuthenticatorStep(EnvironmentRegistry environments, ApiAuthenticators authenticators) {
    this.environments = environments;
    this.authenticators = authenticators;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var env = environments.get(KvmHostVariables.text(execution, UpgradeVariables.ENVIRONMENT_ID));
    ApiAuthenticator choice = ApiAuthenticator.parse(execution.getVariable(ApiAuthenticator.VARIABLE));
    List<ApiAuthenticators.Applied> applied = authenticators.apply(env, choice);
    execution.setVariable(APPLIED, choice.value() + "\n" + String.join("\n", applied.stream().map(Object::toString).toList()));
  }
}
