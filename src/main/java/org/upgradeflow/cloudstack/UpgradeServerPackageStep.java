package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;

/**
 * One management or usage server: repository file pointed at the 4.3 series, then its package
 * (by the host's role) upgraded, on 4.0 installed in place of {@code cloud-client} /
 * {@code cloud-usage}, existing configuration files kept. Both parts check first, so a retried
 * host changes nothing twice.
 */
@Component("upgradeServerPackage")
class UpgradeServerPackageStep implements JavaDelegate {

  private final PathRun run;
  private final RepositoryPointer repositories;
  private final ManagementPackages packages;

  UpgradeServerPackageStep(PathRun run, RepositoryPointer repositories, ManagementPackages packages) {
    this.run = run;
    this.repositories = repositories;
    this.packages = packages;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    Host host = run.host(execution, env);
    repositories.pointAt(env, host, PathRun.TARGET_SERIES);
    if (host.role() == HostRole.USAGE_SERVER) {
      packages.upgradeUsage(env, host, run.from(execution), run.target(execution));
    } else {
      packages.upgrade(env, host, run.from(execution), run.target(execution));
    }
  }
}
