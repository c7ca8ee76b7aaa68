package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.BackupId;
import org.upgradeflow.clouddb.BackupRecord;
import org.upgradeflow.clouddb.BackupStatus;
import org.upgradeflow.clouddb.DatabaseBackups;
import org.upgradeflow.clouddb.RestoreStatus;
import org.upgradeflow.environment.Environment;

/**
 * Restoring a run's backup: the backup's dumps are found again from its id and checked
 * (complete, checksum recorded) before anything is dropped; each database is restored by a
 * detached job that a timer-driven poll follows. One restore per run ({@code rollback-<runId>}).
 */
@Component
public class DatabaseRestores {

  private final DatabaseBackups backups;

  DatabaseRestores(DatabaseBackups backups) {
    this.backups = backups;
  }

  /** Where the restore of all of the backup's databases stands. */
  public record Outcome(RestoreStatus.State state, String summary, String logTail) {
  }

  public void start(Environment env, String runId, BackupId id) {
    for (BackupRecord record : records(env, runId, id)) {
      backups.startRestore(env, restoreId(runId), record);
    }
  }

  public Outcome poll(Environment env, String runId, BackupId id) {
    List<RestoreStatus> statuses = new ArrayList<>();
    for (BackupRecord record : records(env, runId, id)) {
      statuses.add(backups.pollRestore(env, restoreId(runId), record));
    }
    String summary = statuses.stream().map(s -> s.database() + ": " + s.state()
        + (s.reason() == null ? "" : " (" + s.reason() + ")")).collect(Collectors.joining("; "));
    String tail = statuses.stream().filter(s -> s.logTail() != null && !s.logTail().isBlank())
        .map(s -> s.database() + ":\n" + s.logTail().strip()).collect(Collectors.joining("\n"));
    RestoreStatus.State state = statuses.stream().anyMatch(s -> s.state() == RestoreStatus.State.RUNNING)
        ? RestoreStatus.State.RUNNING
        : statuses.stream().anyMatch(s -> s.state() == RestoreStatus.State.FAILED)
            ? RestoreStatus.State.FAILED : RestoreStatus.State.COMPLETE;
    return new Outcome(state, summary, tail);
  }

  private List<BackupRecord> records(Environment env, String runId, BackupId id) {
    BackupStatus backup = backups.poll(env, runId, id);
    if (backup.state() != BackupStatus.State.COMPLETE) {
      throw new IllegalStateException("backup " + id + " of run " + runId + " cannot be restored: it is "
          + backup.state() + (backup.state() == BackupStatus.State.FAILED ? " (" + backup.failureSummary() + ")" : ""));
    }
    return backup.records();
  }

  static String restoreId(String runId) {
    return "rollback-" + runId;
  }
}
