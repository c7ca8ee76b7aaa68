package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * A package run as a detached job with deterministic ids ({@code <prefix><attempt>}), shared by
 * the KVM agent and the management/usage server upgrades and the rollback's reinstall of the
 * source packages ({@link SourceReinstall}): a package manager may run longer than a job may, so
 * it is started detached and looked at by short, timer-driven jobs. The command is any package
 * command line from a fixed template; several package steps (the 4.0 rollback's remove, then
 * install) are one template joined with {@code &&}, so the job stops at the first that fails.
 *
 * <p>Two ways to number attempts. {@link #start(RemoteTarget, String, int, ShellCommand)}: the
 * caller keeps the attempt number in a process variable (raised only when a change manager chose
 * retry), so a step run twice follows the same job whatever state it is in, and an engine restart
 * loses nothing. {@link #start(RemoteTarget, String, ShellCommand)} (the KVM agents): the host's
 * job directory is the counter; a running attempt is followed, a finished one is followed by the
 * next number.
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

  /**
   * Starts {@code command} as job {@code prefix + attempt} unless that job exists on the host
   * (running or ended): then it is the one to follow, so a step run twice starts one package run.
   *
   * @return the id of the job to follow
   */
  public String start(RemoteTarget target, String prefix, int attempt, ShellCommand command) {
    if (attempt < 1 || attempt > MAX_ATTEMPTS) {
      throw new TooManyAttempts(prefix);
    }
    String jobId = prefix + attempt;
    if (shell.jobStatus(target, jobId, 1).state() != JobStatus.State.NOT_FOUND) {
      return jobId;
    }
    return shell.startJob(target, jobId, command).jobId();
  }

  /** One look at the job, with the last {@link #TAIL_LINES} lines of its output. */
  public JobStatus look(RemoteTarget target, String jobId) {
    return shell.jobStatus(target, jobId, TAIL_LINES);
  }
}
