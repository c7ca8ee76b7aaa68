package org.upgradeflow.cloudstack;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.BackupId;
import org.upgradeflow.clouddb.BackupStatus;
import org.upgradeflow.clouddb.DatabaseBackups;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * One look at the running backup: {@code backupState} running, complete (every dump exited 0,
 * ends with its trailer, has its checksum recorded: {@code backupVerified}) or failed (with
 * the failure's summary and the dump client's last lines for the caller).
 */
@Component("pollDatabaseBackup")
class PollDatabaseBackupStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final DatabaseBackups backups;

  PollDatabaseBackupStep(EnvironmentRegistry environments, DatabaseBackups backups) {
    this.environments = environments;
    this.backups = backups;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    BackupId id = BackupId.parse((String) execution.getVariable(BackupVariables.BACKUP_ID));
    BackupStatus status = backups.poll(env, RunScope.runId(execution), id);
    switch (status.state()) {
      case RUNNING -> execution.setVariable(BackupVariables.BACKUP_STATE, BackupVariables.RUNNING);
      case COMPLETE -> {
        execution.setVariable(BackupVariables.BACKUP_STATE, BackupVariables.COMPLETE);
        execution.setVariable(BackupVariables.BACKUP_VERIFIED, true);
        execution.setVariable(BackupVariables.BACKUP_FILES, status.records().stream()
            .map(r -> r.database() + ": " + r.host() + ":" + r.file() + " (" + r.size() + " bytes, sha256 "
                + r.sha256() + ")")
            .collect(Collectors.joining("\n")));
      }
      case FAILED -> {
        execution.setVariable(BackupVariables.BACKUP_STATE, BackupVariables.FAILED);
        execution.setVariable(BackupVariables.BACKUP_VERIFIED, false);
        String reasons = status.dumps().stream().filter(d -> d.state() == BackupStatus.State.FAILED)
            .map(d -> d.database() + ": " + d.reason()).collect(Collectors.joining("; "));
        Failures.record(execution, "database backup " + id + " is not valid: " + reasons,
            status.failureSummary());
      }
      default -> throw new IllegalStateException("unknown backup state " + status.state());
    }
  }
}
