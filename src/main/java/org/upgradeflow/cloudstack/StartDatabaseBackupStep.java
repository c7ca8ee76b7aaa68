package org.upgradeflow.cloudstack;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.BackupId;
import org.upgradeflow.clouddb.BackupStart;
import org.upgradeflow.clouddb.DatabaseBackups;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * Starts this run's database backup as detached dumps on the database host. The backup's id
 * is remembered on the run, so a retried job or a second call of the fragment in the same run
 * finds the same files: a complete dump is not taken again, a running one not started twice.
 */
@Component("startDatabaseBackup")
class StartDatabaseBackupStep implements JavaDelegate {

  private static final Logger log = LoggerFactory.getLogger(StartDatabaseBackupStep.class);

  private final EnvironmentRegistry environments;
  private final DatabaseBackups backups;
  private final DbJobProperties properties;

  StartDatabaseBackupStep(EnvironmentRegistry environments, DatabaseBackups backups, DbJobProperties properties) {
    this.environments = environments;
    this.backups = backups;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    Object usage = execution.getVariable(BackupVariables.BACKUP_USAGE_DATABASE);
    boolean withUsage = usage == null || Boolean.TRUE.equals(usage) || "true".equals(usage);
    BackupId id = null;
    Object remembered = RunScope.remembered(execution, BackupVariables.BACKUP_ID);
    if (remembered != null) {
      BackupId earlier = BackupId.parse(remembered.toString());
      // the same run backs up the same databases once; more databases is a new backup
      id = earlier.includesUsage() || !withUsage ? earlier : null;
    }
    if (id == null) {
      id = new BackupId(ClockUtil.getCurrentTime().toInstant(), withUsage);
    }
    RunScope.setOnRun(execution, BackupVariables.BACKUP_ID, id.toString());
    execution.setVariable(BackupVariables.BACKUP_POLL_INTERVAL, properties.backupPoll().toString());
    BackupStart start = backups.start(env, RunScope.runId(execution), id);
    log.info("{}: backup {} on {}: {}", env.id(), id, start.host(), start.dumps().stream()
        .map(d -> d.database() + " " + d.action()).collect(Collectors.joining(", ")));
  }
}
