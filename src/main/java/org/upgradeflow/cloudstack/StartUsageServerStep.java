package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/** Starts the usage service on one host once the database is at the target (running: nothing). */
@Component("startUsageServer")
class StartUsageServerStep implements JavaDelegate {

  private final PathRun run;
  private final HostServices services;

  StartUsageServerStep(PathRun run, HostServices services) {
    this.run = run;
    this.services = services;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    services.ensureRunning(env, run.host(execution, env).name(), Naming.CURRENT.usageService());
  }
}
