package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/**
 * One look at the running server package run: still running, or done at the target. A failed run
 * is the business error {@code ServerPackageFailed} (host, installed version, target and log tail
 * recorded for Gate_ResolveFailure), and the next attempt is what a retry will start.
 */
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
    Host host = run.host(execution, env);
    String job = ServerPackageVariables.text(execution, ServerPackageVariables.UPGRADE_JOB);
    try {
      execution.setVariable(ServerPackageVariables.UPGRADE_RUNNING,
          packages.checkUpgrade(env, host, run.target(execution), job).running());
    } catch (ServerPackageFailure failure) {
      ServerPackageVariables.nextAttempt(execution, host.name(), job);
      Failures.record(execution, failure.getMessage(), failure.logTail());
      throw new BpmnError(ServerPackageVariables.FAILED, failure.getMessage());
    }
  }
}
