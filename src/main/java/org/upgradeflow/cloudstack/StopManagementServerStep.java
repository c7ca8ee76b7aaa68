package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/** Stops the management service of the source release on one host (already stopped: nothing). */
@Component("stopManagementServer")
class StopManagementServerStep implements JavaDelegate {

  private final PathRun run;
  private final HostServices services;

  StopManagementServerStep(PathRun run, HostServices services) {
    this.run = run;
    this.services = services;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    services.ensureStopped(env, run.host(execution, env).name(), run.from(execution).managementService());
  }
}
