package org.upgradeflow.clouddb;

/**
 * Where a restore stands ({@link DatabaseBackups#startRestore}, {@link DatabaseBackups#pollRestore}).
 *
 * @param started true when this call started the restore job (only from {@code startRestore})
 * @param reason  why it failed, else null
 * @param logTail the last lines of the restore job's output
 */
public record RestoreStatus(String database, State state, String jobId, boolean started,
    String reason, String logTail) {

  public enum State {
    RUNNING,
    FAILED,
    COMPLETE
  }
}
