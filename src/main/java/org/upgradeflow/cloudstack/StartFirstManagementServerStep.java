package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/**
 * Starts the first management server alone; its start runs the database upgrade. Check, then
 * act: a running server is left alone, unless its last database upgrade failed and the change
 * manager chose retry, in which case it is restarted once so that the upgrade runs again.
 */
@Component("startFirstManagementServer")
class StartFirstManagementServerStep implements JavaDelegate {

  private final PathRun run;
  private final PathHosts hosts;
  private final HostServices services;
  private final DatabaseUpgradeWatch watch;

  StartFirstManagementServerStep(PathRun run, PathHosts hosts, HostServices services, DatabaseUpgradeWatch watch) {
    this.run = run;
    this.hosts = hosts;
    this.services = services;
    this.watch = watch;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    Host first = env.host(hosts.firstManagementServer(env.id())).orElseThrow();
    String service = Naming.CURRENT.managementService();
    if (!services.ensureRunning(env, first.name(), service)
        && watch.observe(env, first).state() == DatabaseUpgradeLog.State.FAILED) {
      services.ensureStopped(env, first.name(), service);
      services.ensureRunning(env, first.name(), service);
    }
    execution.removeVariable(CheckDatabaseUpgradeStep.DEADLINE);
  }
}
