package org.upgradeflow.cloudstack;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * Upgrades the management (or usage) server package of one host to the series its repository points at:
 * {@code cloudstack-management} is upgraded, or on 4.0 installed in place of {@code cloud-client}.
 * A host already at the target is left alone, so a retried step upgrades nothing twice. Processes
 * use {@link #startUpgrade} and {@link #checkUpgrade} (a detached job polled by timers: a package
 * run may take longer than a job may; a failed run is a {@link ServerPackageFailure});
 * {@link #upgrade} runs in the foreground for tools and tests.
 */
@Component
public class ManagementPackages {

  public record Result(String host, String versionBefore, String versionAfter, boolean changed) {
  }

  /** Where a detached package run stands: still running, or done with {@code version} installed. */
  public record Progress(String jobId, boolean running, String version) {
  }

  private final RemoteShell shell;
  private final DetachedPackageUpgrade jobs;

  @Autowired
  ManagementPackages(RemoteShell shell, DetachedPackageUpgrade jobs) {
    this.shell = shell;
    this.jobs = jobs;
  }

  ManagementPackages(RemoteShell shell) {
    this(shell, new DetachedPackageUpgrade(shell));
  }

  /** The server package of the host's role: {@code cloudstack-management} or {@code cloudstack-usage}. */
  static String packageOf(Host host) {
    return host.role() == HostRole.USAGE_SERVER ? Naming.CURRENT.usagePackage() : Naming.CURRENT.managementPackage();
  }

  static String jobPrefix(String runId, String host) {
    return runId + ".server-package." + host + ".";
  }

  /**
   * Starts attempt {@code attempt} of the package run of the host's role as a detached job
   * ({@code <runId>.server-package.<host>.<attempt>}), unless the host already has {@code release}
   * or a later release of its series (then null: nothing to do). When that attempt's job exists
   * already (running or ended) it is followed, never started again: the attempt number only grows
   * when a change manager chose retry.
   *
   * @return the job to follow, or null
   */
  public String startUpgrade(Environment env, Host host, Naming from, CloudStackVersion release, String runId,
      int attempt) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    String pkg = packageOf(host);
    String before = installedVersion(target, host, pkg);
    if (atTarget(before, release)) {
      return null;
    }
    return jobs.start(target, jobPrefix(runId, host.name()), attempt, command(host, from, pkg, before));
  }

  /**
   * One look at the package run. A finished run is judged by the installed version: at the target
   * it passes (also when the host was fixed by hand meanwhile); a failed, lost or missing run, or
   * one that left another version, is a {@link ServerPackageFailure} naming the host, the installed
   * version, the target and the end of the job's output (business: Gate_ResolveFailure). An
   * unreachable host is a {@link RemoteShellException} (technical: retried, then an incident).
   */
  public Progress checkUpgrade(Environment env, Host host, CloudStackVersion release, String jobId) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    JobStatus status = jobs.look(target, jobId);
    if (status.state() == JobStatus.State.RUNNING) {
      return new Progress(jobId, true, null);
    }
    String pkg = packageOf(host);
    String after = installedVersion(target, host, pkg);
    if (status.state() != JobStatus.State.NOT_FOUND && atTarget(after, release)) {
      return new Progress(jobId, false, after);
    }
    String targetSeries = release.major() + "." + release.minor();
    String how = switch (status.state()) {
      case NOT_FOUND -> "the package job " + jobId + " is not on the host";
      case LOST -> "the package job " + jobId + " ended without an exit code (killed, or the host rebooted)";
      default -> "the package job " + jobId + " ended with exit " + status.exitCode();
    };
    throw new ServerPackageFailure(host.name(), host.name() + ": " + pkg + " is " + (after == null ? "not installed" : after)
        + " after the package run (" + how + "), target " + release + " (or a later " + targetSeries
        + ".x); does the repository point at " + targetSeries + "?", status.logTail());
  }

  private static ShellCommand command(Host host, Naming from, String pkg, String before) {
    return before == null && from == Naming.LEGACY
        ? HostCommands.installPackage(host.os(), pkg)
        : HostCommands.upgradePackage(host.os(), pkg);
  }

  /**
   * @param release the path's target: a host with this release or a later one of its series is left
   *                alone (4.3.1 is upgraded on the 4.3.1-to-4.3.2 path, not on the 4.2-to-4.3 path)
   */
  public Result upgrade(Environment env, Host host, Naming from, CloudStackVersion release) {
    return upgrade(env, host, from, release, Naming.CURRENT.managementPackage());
  }

  /** Upgrade to the series' first release or later, e.g. "4.3" (tools and tests that set estates up). */
  public Result upgrade(Environment env, Host host, Naming from, String targetSeries) {
    return upgrade(env, host, from, CloudStackVersion.parse(targetSeries + ".0"));
  }

  /** The usage server's package the same way ({@code cloud-usage} is replaced on 4.0). */
  public Result upgradeUsage(Environment env, Host host, Naming from, CloudStackVersion release) {
    return upgrade(env, host, from, release, Naming.CURRENT.usagePackage());
  }

  private Result upgrade(Environment env, Host host, Naming from, CloudStackVersion release, String pkg) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    String targetSeries = release.major() + "." + release.minor();
    String before = installedVersion(target, host, pkg);
    if (atTarget(before, release)) {
      return new Result(host.name(), before, before, false);
    }
    ExecResult run = shell.exec(target, command(host, from, pkg, before));
    String after = installedVersion(target, host, pkg);
    if (!run.ok() || !atTarget(after, release)) {
      throw new RemoteShellException(host.name() + ": " + pkg + " is " + after + " after the package run (exit "
          + run.exitStatus() + "), not " + release + " or a later " + targetSeries + ".x; does the repository point at "
          + targetSeries + "?");
    }
    return new Result(host.name(), before, after, true);
  }

  static boolean atTarget(String installed, CloudStackVersion release) {
    if (installed == null) {
      return false;
    }
    CloudStackVersion v = CloudStackVersion.parse(installed);
    return v.sameMinor(release.major(), release.minor()) && v.compareTo(release) >= 0;
  }

  private String installedVersion(RemoteTarget target, Host host, String pkg) {
    ExecResult query = shell.exec(target, HostCommands.installedVersion(host.os(), pkg));
    return query.ok() && !query.stdout().isBlank() ? query.stdout().strip() : null;
  }
}
