package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * End of a run: {@code integration.api.port} back to {@code integrationApiPortBefore} and the
 * management servers restarted so the unauthenticated port 8096 closes, only when this run
 * opened it. A run that never opened it (no variable, or it was 8096 before) changes nothing.
 */
@Component("restoreIntegrationPort")
class RestoreIntegrationPortStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final IntegrationPort port;

  RestoreIntegrationPortStep(EnvironmentRegistry environments, IntegrationPort port) {
    this.environments = environments;
    this.port = port;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (!RunScope.isRemembered(execution, SystemVmVariables.PORT_BEFORE)) {
      return; // the system VM restart never ran in this run: the port was not touched
    }
    Object before = RunScope.remembered(execution, SystemVmVariables.PORT_BEFORE);
    if (!SystemVmVariables.openedByRun(before)) {
      return;
    }
    Environment env = environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    port.set(env, before == null ? null : Integer.valueOf(before.toString()));
    // a retried job restarts again rather than leave 8096 open in a running server
    Naming naming = SystemVmVariables.targetNaming(execution);
    port.stopManagementServers(env, naming);
    port.startManagementServers(env, naming);
  }
}
