package org.upgradeflow.cloudstack;

import static org.upgradeflow.cloudstack.RollbackPackageVariables.DEADLINE;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.JOB;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.RUNNING;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.ofHost;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;

/**
 * Rollback, one host: one look at the package run ({@code rollbackPackageRunning}). Still
 * running past {@code upgradeflow.cloudstack.paths.rollback-package-timeout} fails the step with
 * the host, its packages' versions and the job's output tail (an incident once the retries are spent).
 */
@Component("checkSourcePackageReinstall")
class CheckSourcePackageReinstallStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final SourceReinstall reinstall;
  private final PathProperties properties;

  CheckSourcePackageReinstallStep(EnvironmentRegistry environments, SourceReinstall reinstall,
      PathProperties properties) {
    this.environments = environments;
    this.reinstall = reinstall;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = RollbackPackageVariables.environment(execution, environments);
    Host host = RollbackPackageVariables.host(execution, env);
    String job = KvmHostVariables.text(execution, ofHost(execution, JOB));
    String deadlineName = ofHost(execution, DEADLINE);
    if (!(execution.getVariable(deadlineName) instanceof Date deadline)) {
      throw new IllegalArgumentException(deadlineName + ": expected the date set when the package run started, got "
          + execution.getVariable(deadlineName));
    }
    boolean late = ClockUtil.getCurrentTime().after(deadline);
    execution.setVariable(RUNNING, reinstall.running(env, host, RollbackPackageVariables.source(execution), job,
        late, properties.rollbackPackageTimeout()));
  }
}
