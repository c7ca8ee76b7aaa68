package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.BackupId;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Rollback: starts restoring this run's backup (once; a running or finished restore is left alone). */
@Component("startDatabaseRestore")
class StartDatabaseRestoreStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final DatabaseRestores restores;
  private final DbJobProperties properties;

  StartDatabaseRestoreStep(EnvironmentRegistry environments, DatabaseRestores restores, DbJobProperties properties) {
    this.environments = environments;
    this.restores = restores;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object backupId = execution.getVariable(BackupVariables.BACKUP_ID);
    if (backupId == null) {
      throw new IllegalArgumentException("backupId: the rollback needs the id of this run's backup"
          + " (output of CloudStackBackupDatabase)");
    }
    execution.setVariable(BackupVariables.RESTORE_POLL_INTERVAL, properties.restorePoll().toString());
    restores.start(environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)),
        RunScope.runId(execution), BackupId.parse(backupId.toString()));
  }
}
