package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * A package run as a detached job with deterministic ids ({@code <prefix><attempt>}), shared by
 * the KVM agent and the management/usage server upgrades: a package manager may run longer than
 * a job may, so it is started detached and looked at by short, timer-driven jobs.
 *
 * <p>Starting is safe to run twice: an attempt of the prefix that is still running is followed,
 * not started again. A finished attempt (the step was reached again, e.g. after a retry decision)
 * is followed by the next attempt number.
 */
@Component
public class DetachedPackageUpgrade {

  static final int TAIL_LINES = 40;
  static final int MAX_ATTEMPTS = 50;

  /** Thrown when {@link #MAX_ATTEMPTS} attempts of one prefix exist already. */
  public static class TooManyAttempts extends RuntimeException {
    TooManyAttempts(String prefix) {
      super("the package run " + prefix + "* was tried " + MAX_ATTEMPTS + " times in this run");
    }
  }

  private final RemoteShell shell;

  DetachedPackageUpgrade(RemoteShell shell) {
    this.shell = shell;
  }

  /**
   * Starts {@code command} as job {@code prefix + n}, or returns the running attempt of the prefix.
   *
   * @return the id of the job to follow
   */
  public String start(RemoteTarget target, String prefix, ShellCommand command) {
    int attempt = 1;
    while (attempt <= MAX_ATTEMPTS) {
      JobStatus status = shell.jobStatus(target, prefix + attempt, 1);
      if (status.state() == JobStatus.State.NOT_FOUND) {
        break;
      }
      if (status.state() == JobStatus.State.RUNNING) {
        return prefix + attempt;
      }
      attempt++;
    }
    if (attempt > MAX_ATTEMPTS) {
      throw new TooManyAttempts(prefix);
    }
    return shell.startJob(target, prefix + attempt, command).jobId();
  }

  /** One look at the job, with the last {@link #TAIL_LINES} lines of its output. */
  public JobStatus look(RemoteTarget target, String jobId) {
    return shell.jobStatus(target, jobId, TAIL_LINES);
  }
}
