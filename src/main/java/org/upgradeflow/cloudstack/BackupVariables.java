package org.upgradeflow.cloudstack;

/** Variables of CloudStackBackupDatabase and CloudStackRollback (non-secret facts only). */
final class BackupVariables {
  /** in: also back up {@code cloud_usage} (absent: true, backing up more never hurts). */
  static final String BACKUP_USAGE_DATABASE = "backupUsageDatabase";
  /** out: {@link org.upgradeflow.clouddb.BackupId} as text; remembered on the run. */
  static final String BACKUP_ID = "backupId";
  /** out: every dump complete, trailer present, checksum recorded. */
  static final String BACKUP_VERIFIED = "backupVerified";
  static final String BACKUP_STATE = "backupState";
  static final String BACKUP_FILES = "backupFiles";
  static final String BACKUP_POLL_INTERVAL = "backupPollInterval";
  static final String RESTORE_STATE = "restoreState";
  static final String RESTORE_POLL_INTERVAL = "restorePollInterval";
  static final String BACKUP_INVALID = "BackupInvalid";

  static final String RUNNING = "running";
  static final String COMPLETE = "complete";
  static final String FAILED = "failed";

  private BackupVariables() {
  }
}
