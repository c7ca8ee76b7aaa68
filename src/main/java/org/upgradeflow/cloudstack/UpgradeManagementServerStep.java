package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/**
 * One management server: repository file pointed at the 4.3 series, then the management package
 * upgraded (on 4.0 installed in place of cloud-client), existing configuration files kept. Both
 * parts check first, so a retried host changes nothing twice.
 */
@Component("upgradeManagementServer")
class UpgradeManagementServerStep implements JavaDelegate {

  private final PathRun run;
  private final RepositoryPointer repositories;
  private final ManagementPackages packages;

  UpgradeManagementServerStep(PathRun run, RepositoryPointer repositories, ManagementPackages packages) {
    this.run = run;
    this.repositories = repositories;
    this.packages = packages;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    Host host = run.host(execution, env);
    repositories.pointAt(env, host, PathRun.TARGET_SERIES);
    packages.upgrade(env, host, run.from(execution), run.target(execution));
  }
}
