package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/** One management or usage server: its repository file pointed at the 4.3 series (unchanged when it does). */
@Component("pointServerRepository")
class PointServerRepositoryStep implements JavaDelegate {

  private final PathRun run;
  private final RepositoryPointer repositories;

  PointServerRepositoryStep(PathRun run, RepositoryPointer repositories) {
    this.run = run;
    this.repositories = repositories;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    repositories.pointAt(env, run.host(execution, env), PathRun.TARGET_SERIES);
  }
}
