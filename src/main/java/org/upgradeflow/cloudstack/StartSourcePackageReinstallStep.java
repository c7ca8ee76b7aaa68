package org.upgradeflow.cloudstack;

import static org.upgradeflow.cloudstack.RollbackPackageVariables.CHANGES;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.DEADLINE;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.JOB;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.REPOSITORY_RESTORED;
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
 * Rollback, one host: repository file back to the source release, then the package run (4.1+:
 * downgrade; 4.0: remove and install) started as a detached job; none when the packages are at the
 * source release; the existing job when the step runs again (one package run per host). The
 * deadline of the run is fixed at the first start, on the engine's clock.
 */
@Component("startSourcePackageReinstall")
class StartSourcePackageReinstallStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final SourceReinstall reinstall;
  private final PathProperties properties;

  StartSourcePackageReinstallStep(EnvironmentRegistry environments, SourceReinstall reinstall,
      PathProperties properties) {
    this.environments = environments;
    this.reinstall = reinstall;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = RollbackPackageVariables.environment(execution, environments);
    Host host = RollbackPackageVariables.host(execution, env);
    SourceReinstall.Started started = reinstall.start(env, host, RollbackPackageVariables.source(execution),
        RunScope.runId(execution), RollbackPackageVariables.ATTEMPT);
    execution.setVariable(ofHost(execution, JOB), started.jobId());
    execution.setVariable(RUNNING, started.jobId() != null);
    if (started.changes() != null) {
      execution.setVariable(ofHost(execution, CHANGES), String.join(",", started.changes()));
    }
    String restored = ofHost(execution, REPOSITORY_RESTORED);
    if (started.repositoryRestored() || execution.getVariable(restored) == null) {
      execution.setVariable(restored, started.repositoryRestored());
    }
    String deadline = ofHost(execution, DEADLINE);
    if (!(execution.getVariable(deadline) instanceof Date)) {
      execution.setVariable(deadline,
          Date.from(ClockUtil.getCurrentTime().toInstant().plus(properties.rollbackPackageTimeout())));
    }
  }
}
