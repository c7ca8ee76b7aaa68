package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/**
 * Starts the 4.3 service of one management or usage server (by the host's role) once the database
 * is at the new release. Already running: nothing.
 */
@Component("startServerService")
class StartServerServiceStep implements JavaDelegate {

  private final PathRun run;
  private final HostServices services;

  StartServerServiceStep(PathRun run, HostServices services) {
    this.run = run;
    this.services = services;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    Host host = run.host(execution, env);
    services.ensureRunning(env, host.name(), PathRun.service(Naming.CURRENT, host));
  }
}
