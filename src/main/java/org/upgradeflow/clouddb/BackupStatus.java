package org.upgradeflow.clouddb;

import java.util.List;
import java.util.Objects;

/**
 * Where a backup stands ({@link DatabaseBackups#poll}): {@link State#RUNNING} while any dump
 * runs; once none runs, {@link State#FAILED} when any dump is not complete, else
 * {@link State#COMPLETE} with a {@link BackupRecord} per database.
 */
public record BackupStatus(State state, List<Dump> dumps) {

  public enum State {
    RUNNING,
    FAILED,
    COMPLETE
  }

  public BackupStatus {
    Objects.requireNonNull(state, "state");
    dumps = List.copyOf(dumps);
  }

  /**
   * One database's dump.
   *
   * @param reason  why it failed (exit code, missing trailer, lost job), else null
   * @param logTail the last lines of the dump job's output (client errors; never credentials)
   * @param record  the verified file once {@link State#COMPLETE}, else null
   */
  public record Dump(String database, State state, String jobId, String reason, String logTail,
      BackupRecord record) {
  }

  /** The records of the complete dumps, in database order. */
  public List<BackupRecord> records() {
    return dumps.stream().map(Dump::record).filter(Objects::nonNull).toList();
  }

  /** The failed dumps' reasons and log tails, for an incident message or a gate's evidence. */
  public String failureSummary() {
    StringBuilder s = new StringBuilder();
    for (Dump d : dumps) {
      if (d.state() == State.FAILED) {
        s.append(d.database()).append(": ").append(d.reason());
        if (d.logTail() != null && !d.logTail().isBlank()) {
          s.append("\n").append(d.logTail().strip());
        }
        s.append("\n");
      }
    }
    return s.toString().strip();
  }
}
