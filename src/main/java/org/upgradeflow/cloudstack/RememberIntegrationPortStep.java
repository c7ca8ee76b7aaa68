package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * Remembers {@code integration.api.port} as it was before this run, once: a run that reaches
 * the step again (retry, second call of the fragment) keeps the first value, not the 8096 the
 * run set. Its own job, committed before anything is changed.
 */
@Component("rememberIntegrationPort")
class RememberIntegrationPortStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final IntegrationPort port;

  RememberIntegrationPortStep(EnvironmentRegistry environments, IntegrationPort port) {
    this.environments = environments;
    this.port = port;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object before;
    if (RunScope.isRemembered(execution, SystemVmVariables.PORT_BEFORE)) {
      before = RunScope.remembered(execution, SystemVmVariables.PORT_BEFORE);
    } else {
      before = port.current(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)))
          .orElse(null);
    }
    RunScope.setOnRun(execution, SystemVmVariables.PORT_BEFORE, before);
    execution.setVariable(SystemVmVariables.PORT_OPENED_BY_RUN, SystemVmVariables.openedByRun(before));
  }
}
