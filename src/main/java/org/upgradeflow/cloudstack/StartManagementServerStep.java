package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/**
 * Starts the 4.3 management service on one host (already running: nothing). The first start
 * after the package upgrade begins the database upgrade in the background; the path polls it.
 */
@Component("startManagementServer")
class StartManagementServerStep implements JavaDelegate {

  private final PathRun run;
  private final HostServices services;

  StartManagementServerStep(PathRun run, HostServices services) {
    this.run = run;
    this.services = services;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    services.ensureRunning(env, run.host(execution, env).name(), Naming.CURRENT.managementService());
  }
}
