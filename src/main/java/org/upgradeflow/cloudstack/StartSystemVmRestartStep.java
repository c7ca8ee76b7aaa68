package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Starts {@code cloudstack-sysvmadm -a} detached, once per run (see {@link SystemVmRestarts}). */
@Component("startSystemVmRestart")
class StartSystemVmRestartStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final SystemVmRestarts restarts;
  private final DbJobProperties properties;

  StartSystemVmRestartStep(EnvironmentRegistry environments, SystemVmRestarts restarts, DbJobProperties properties) {
    this.environments = environments;
    this.restarts = restarts;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    SystemVmRestarts.Started started = restarts.start(
        environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)),
        RunScope.runId(execution), (String) execution.getVariable(SystemVmVariables.JOB_ID));
    execution.setVariable(SystemVmVariables.JOB_ID, started.jobId());
    execution.setVariable(SystemVmVariables.POLL_INTERVAL, properties.systemVmPoll().toString());
    RunScope.setOnRun(execution, SystemVmVariables.DONE, 0L);
    RunScope.setOnRun(execution, SystemVmVariables.TOTAL, (long) started.systemVmsTotal());
  }
}
