package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/**
 * Starts the management or usage server package run (by the host's role; on 4.0 installed in
 * place of {@code cloud-client} / {@code cloud-usage}) as a detached job: none when the host has
 * the target already; the job of the current attempt when it exists (run twice, one package run).
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
    Host host = run.host(execution, env);
    String job = packages.startUpgrade(env, host, run.from(execution), run.target(execution),
        ServerPackageVariables.text(execution, ServerPackageVariables.RUN_ID),
        ServerPackageVariables.attempt(execution, host.name()));
    execution.setVariable(ServerPackageVariables.UPGRADE_JOB, job);
    execution.setVariable(ServerPackageVariables.UPGRADE_RUNNING, job != null);
  }
}
