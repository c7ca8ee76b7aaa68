package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/** One look at the running server package run: still running, or done at the target (else it fails). */
@Component("checkServerPackageUpgrade")
class CheckServerPackageUpgradeStep implements JavaDelegate {

  private final PathRun run;
  private final ManagementPackages packages;

  CheckServerPackageUpgradeStep(PathRun run, ManagementPackages packages) {
    this.run = run;
    this.packages = packages;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    String job = ServerPackageVariables.text(execution, ServerPackageVariables.UPGRADE_JOB);
    execution.setVariable(ServerPackageVariables.UPGRADE_RUNNING,
        packages.checkUpgrade(env, run.host(execution, env), run.target(execution), job).running());
  }
}
