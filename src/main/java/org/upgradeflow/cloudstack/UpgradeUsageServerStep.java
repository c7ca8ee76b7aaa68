package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/**
 * One usage server: repository file pointed at the 4.3 series and the usage package upgraded (on
 * 4.0 {@code cloudstack-usage} in place of {@code cloud-usage}), so that the usage server started
 * after the database upgrade is of the same release as the database.
 */
@Component("upgradeUsageServer")
class UpgradeUsageServerStep implements JavaDelegate {

  private final PathRun run;
  private final RepositoryPointer repositories;
  private final ManagementPackages packages;

  UpgradeUsageServerStep(PathRun run, RepositoryPointer repositories, ManagementPackages packages) {
    this.run = run;
    this.repositories = repositories;
    this.packages = packages;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    Host host = run.host(execution, env);
    repositories.pointAt(env, host, PathRun.TARGET_SERIES);
    packages.upgradeUsage(env, host, run.from(execution), run.target(execution));
  }
}
