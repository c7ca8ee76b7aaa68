package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/**
 * Starts the management or usage server package run (by the host's role; on 4.0 installed in
 * place of {@code cloud-client} / {@code cloud-usage}) as a detached job: none when the host has
 * the target already, the running attempt when one runs.
 */
@Component("startServerPackageUpgrade")
class StartServerPackageUpgradeStep implements JavaDelegate {

  private final PathRun run;
  private final ManagementPackages packages;

  StartServerPackageUpgradeStep(PathRun run, ManagementPackages packages) {
    this.run = run;
    this.packages = packages;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    String job = packages.startUpgrade(env, run.host(execution, env), run.from(execution), run.target(execution),
        ServerPackageVariables.text(execution, ServerPackageVariables.RUN_ID));
    execution.setVariable(ServerPackageVariables.UPGRADE_JOB, job);
    execution.setVariable(ServerPackageVariables.UPGRADE_RUNNING, job != null);
  }
}
