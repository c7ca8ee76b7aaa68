package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/**
 * Stops the source release's service of one management or usage server (by the host's role:
 * {@code cloud-management} on 4.0, {@code cloudstack-usage} on 4.1+, ...). Already stopped: nothing.
 */
@Component("stopServerService")
class StopServerServiceStep implements JavaDelegate {

  private final PathRun run;
  private final HostServices services;

  StopServerServiceStep(PathRun run, HostServices services) {
    this.run = run;
    this.services = services;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    Host host = run.host(execution, env);
    services.ensureStopped(env, host.name(), PathRun.service(run.from(execution), host));
  }
}
