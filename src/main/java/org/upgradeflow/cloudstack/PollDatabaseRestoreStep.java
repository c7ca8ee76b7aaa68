package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.BackupId;
import org.upgradeflow.clouddb.RestoreStatus;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * Rollback: one look at the restore. A failed restore is not a choice for a gate but an
 * emergency: the step fails with the client's words, the job's retries run out and the
 * incident stops the rollback for a person (the estate's services stay stopped).
 */
@Component("pollDatabaseRestore")
class PollDatabaseRestoreStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final DatabaseRestores restores;

  PollDatabaseRestoreStep(EnvironmentRegistry environments, DatabaseRestores restores) {
    this.environments = environments;
    this.restores = restores;
  }

  @Override
  public void execute(DelegateExecution execution) {
    DatabaseRestores.Outcome outcome = restores.poll(
        environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)), RunScope.runId(execution),
        BackupId.parse((String) execution.getVariable(BackupVariables.BACKUP_ID)));
    if (outcome.state() == RestoreStatus.State.FAILED) {
      throw new IllegalStateException("restoring the database failed: " + outcome.summary() + "\n" + outcome.logTail());
    }
    execution.setVariable(BackupVariables.RESTORE_STATE,
        outcome.state() == RestoreStatus.State.RUNNING ? BackupVariables.RUNNING : BackupVariables.COMPLETE);
  }
}
