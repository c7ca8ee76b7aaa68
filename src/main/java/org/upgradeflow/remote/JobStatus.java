package org.upgradeflow.remote;

/**
 * What a detached job is doing, read from its directory on the target.
 *
 * @param exitCode the exit code once {@link State#FINISHED}, else null
 * @param pid      the recorded process id, or null before it was recorded
 * @param logTail  the last lines of the job's output
 */
public record JobStatus(String jobId, State state, Integer exitCode, Long pid, String logTail) {

  public enum State {
    /** No job with this id was ever started on the target. */
    NOT_FOUND,
    /** Started and its process is alive (or its pid is about to be recorded). */
    RUNNING,
    /** The exit code has been written. */
    FINISHED,
    /** No exit code and no live process: killed, or the host rebooted under it. */
    LOST
  }

  public boolean finished() {
    return state == State.FINISHED;
  }

  public boolean succeeded() {
    return state == State.FINISHED && exitCode != null && exitCode == 0;
  }
}
