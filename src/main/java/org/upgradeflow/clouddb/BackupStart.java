package org.upgradeflow.clouddb;

import java.util.List;

/**
 * What {@link DatabaseBackups#start} did, per database.
 *
 * @param host the database host (inventory name)
 */
public record BackupStart(String host, List<Dump> dumps) {

  public BackupStart {
    dumps = List.copyOf(dumps);
  }

  /** What happened to one database's dump. */
  public enum Action {
    /** A dump job was started now. */
    STARTED,
    /** A dump job of this run was running already; nothing was started. */
    ALREADY_RUNNING,
    /** The file exists and is complete; it is not taken again. */
    ALREADY_COMPLETE
  }

  /**
   * @param jobId the detached job that dumps (or dumped) it; null when the complete file was
   *              found without a job of this run
   */
  public record Dump(String database, String file, Action action, String jobId) {
  }

  /** True when nothing was started: every dump was running or complete already. */
  public boolean nothingStarted() {
    return dumps.stream().noneMatch(d -> d.action() == Action.STARTED);
  }
}
