package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.FileEdit;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * One KVM host per the guide, as separate check-then-act steps so that each runs as a short job:
 * point the repository at the target, stop the agent, upgrade the agent package (a detached job
 * polled by timers: a package run may take longer than a minute), make sure
 * {@code environment.properties} has {@code paths.script} and {@code agent.properties} the 4.x
 * resource class, start the agent (on RHEL after {@code killall jsvc}: the old agent's jsvc
 * survives the package upgrade). A retried step changes nothing twice: an agent already at the
 * target is neither stopped nor upgraded again, a running agent is not started again.
 *
 * <p>What the package manager or the agent refuses is a {@link KvmHostFailure} (business: this
 * host failed); an unreachable host is a {@link RemoteShellException} (technical: retried).
 */
@Component
public class KvmAgentUpgrade {

  /** What the steps of one host need: the estate, the host, the source naming and the target release. */
  public record KvmHost(Environment env, Host host, Naming from, CloudStackVersion target, String repositoryVersion) {

    /** The repository at the target's series ("4.3"), as the guide points it. */
    public KvmHost(Environment env, Host host, Naming from, CloudStackVersion target) {
      this(env, host, from, target, target.major() + "." + target.minor());
    }

    RemoteTarget remote() {
      return RemoteTarget.of(env, host.name());
    }

    String name() {
      return host.name();
    }

    /** The repository version the host must point at: a series ("4.3") or one release ("4.3.1"). */
    String series() {
      return repositoryVersion;
    }
  }

  /** Where a package upgrade job stands. */
  public record UpgradeProgress(String jobId, boolean running, String version) {
  }

  static final int TAIL_LINES = DetachedPackageUpgrade.TAIL_LINES;

  private final RemoteShell shell;
  private final HostServices services;
  private final RepositoryPointer repositories;
  private final DetachedPackageUpgrade jobs;

  KvmAgentUpgrade(RemoteShell shell, HostServices services, RepositoryPointer repositories, DetachedPackageUpgrade jobs) {
    this.shell = shell;
    this.services = services;
    this.repositories = repositories;
    this.jobs = jobs;
  }

  /** Points the host's repository file at the target series; unchanged when it already does. */
  public FileEdit pointRepository(KvmHost h) {
    return repositories.pointAt(h.env(), h.host(), h.series());
  }

  /** The installed 4.x agent package version, or null (none installed or only the old {@code cloud-agent}). */
  public String installedAgent(KvmHost h) {
    ExecResult query = shell.exec(h.remote(), HostCommands.installedVersion(h.host().os(), Naming.CURRENT.agentPackage()));
    return query.ok() && !query.stdout().isBlank() ? query.stdout().strip() : null;
  }

  public boolean atTarget(KvmHost h) {
    return atTarget(installedAgent(h), h.target());
  }

  static boolean atTarget(String installed, CloudStackVersion target) {
    if (installed == null) {
      return false;
    }
    try {
      return CloudStackVersion.parse(installed).compareTo(target) >= 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Stops the source release's agent before its package is replaced.
   *
   * @return true when this call stopped it; false when it was stopped already or the agent is
   *     at the target already (a retried run leaves an upgraded agent alone)
   */
  public boolean stopAgent(KvmHost h) {
    if (atTarget(h)) {
      return false;
    }
    return services.ensureStopped(h.env(), h.name(), h.from().agentService());
  }

  /** The package command of the guide: on 4.0 {@code cloud-agent} is replaced by {@code cloudstack-agent}. */
  static ShellCommand upgradeCommand(OsFamily os, Naming from) {
    String pkg = Naming.CURRENT.agentPackage();
    if (from == Naming.LEGACY) {
      // RHEL: "yum upgrade cloud-agent" follows the obsoletes to cloudstack-agent;
      // Ubuntu: apt replaces cloud-agent only when cloudstack-agent is installed by name
      return os == OsFamily.RHEL ? HostCommands.upgradePackage(os, from.agentPackage())
          : HostCommands.installPackage(os, pkg);
    }
    return HostCommands.upgradePackage(os, pkg);
  }

  static String jobPrefix(String runId, String host) {
    return runId + ".kvm-agent." + host + ".";
  }

  /**
   * Starts the agent package upgrade as a detached job, unless the agent is at the target or an
   * attempt of this run is still running (then that one is followed). A finished, failed attempt
   * is followed by a new one: the run reached this step again because someone chose retry.
   *
   * @return the job to follow, or null when nothing needs upgrading
   */
  public String startUpgrade(KvmHost h, String runId) {
    if (atTarget(h)) {
      return null;
    }
    try {
      return jobs.start(h.remote(), jobPrefix(runId, h.name()), upgradeCommand(h.host().os(), h.from()));
    } catch (DetachedPackageUpgrade.TooManyAttempts e) {
      throw new KvmHostFailure(h.name(), "the agent upgrade was tried " + DetachedPackageUpgrade.MAX_ATTEMPTS
          + " times in this run", "");
    }
  }

  /** One look at the upgrade job; a finished job is judged by the installed version, not by its exit code alone. */
  public UpgradeProgress checkUpgrade(KvmHost h, String jobId) {
    JobStatus status = jobs.look(h.remote(), jobId);
    switch (status.state()) {
      case RUNNING:
        return new UpgradeProgress(jobId, true, null);
      case NOT_FOUND:
        throw new KvmHostFailure(h.name(), "the agent upgrade job " + jobId + " is not on the host", "");
      case LOST:
        throw new KvmHostFailure(h.name(), "the agent upgrade ended without an exit code (killed, or the host"
            + " rebooted)", status.logTail());
      default:
        break;
    }
    String command = upgradeCommand(h.host().os(), h.from()).toString();
    if (!status.succeeded()) {
      throw new KvmHostFailure(h.name(), command + " failed (exit " + status.exitCode() + ")", status.logTail());
    }
    String version = installedAgent(h);
    if (!atTarget(version, h.target())) {
      throw new KvmHostFailure(h.name(), Naming.CURRENT.agentPackage() + " is " + version + " after " + command
          + ", not " + h.target() + " or later; does the repository point at " + h.series() + "?", status.logTail());
    }
    return new UpgradeProgress(jobId, false, version);
  }

  /** What {@link #upgrade} did on one host. */
  public record Result(String host, String versionBefore, String versionAfter, boolean upgraded) {
  }

  /**
   * Every step of one host in one call, the package run in the foreground and the repository
   * as it is: for tools and tests that set an estate up. Processes use the steps (a package run
   * may take longer than a job may).
   *
   * @param targetSeries the release series the repository points at, e.g. "4.3"
   */
  public Result upgrade(Environment env, Host host, Naming from, String targetSeries) {
    KvmHost h = new KvmHost(env, host, from, CloudStackVersion.parse(targetSeries + ".0"), targetSeries);
    String before = installedAgent(h);
    boolean upgrade = !atTarget(before, h.target());
    if (upgrade) {
      stopAgent(h);
      ShellCommand command = upgradeCommand(host.os(), from);
      ExecResult run = shell.exec(h.remote(), command);
      if (!run.ok()) {
        throw new KvmHostFailure(h.name(), command + " failed (exit " + run.exitStatus() + ")", run.stdout() + run.stderr());
      }
    }
    String after = installedAgent(h);
    if (!atTarget(after, h.target())) {
      throw new KvmHostFailure(h.name(), Naming.CURRENT.agentPackage() + " is " + after + ", not " + targetSeries
          + ".x; does the repository point at " + targetSeries + "?", "");
    }
    ensureProperties(h);
    startAgent(h);
    return new Result(h.name(), before, after, upgrade);
  }

  /** {@code paths.script} in environment.properties, the 4.x resource class in agent.properties. */
  public List<FileEdit> ensureProperties(KvmHost h) {
    Naming to = Naming.CURRENT;
    List<FileEdit> edits = new ArrayList<>();
    edits.add(shell.editFile(h.remote(), to.agentEnvironmentProperties(), AgentProperties::withPathsScript));
    edits.add(shell.editFile(h.remote(), to.agentProperties(), AgentProperties::withCurrentResource));
    return edits;
  }

  /**
   * Starts the 4.x agent; on RHEL first {@code killall jsvc} as the guide says. An agent that
   * does not come up fails the host with the end of its log.
   *
   * @return false when it was running already
   */
  public boolean startAgent(KvmHost h) {
    String service = Naming.CURRENT.agentService();
    RemoteTarget target = h.remote();
    int status = shell.exec(target, HostCommands.serviceStatus(service)).exitStatus();
    if (status == HostServices.LSB_RUNNING) {
      return false;
    }
    if (h.host().os() == OsFamily.RHEL) {
      shell.exec(target, HostCommands.killJsvc()).requireSuccess();
    }
    ExecResult start = shell.exec(target, HostCommands.serviceStart(service));
    int after = shell.exec(target, HostCommands.serviceStatus(service)).exitStatus();
    if (!start.ok() || after != HostServices.LSB_RUNNING) {
      throw new KvmHostFailure(h.name(), service + " did not start (exit " + start.exitStatus() + ")",
          (start.stdout() + start.stderr()).strip() + "\n" + agentLogTail(h));
    }
    return true;
  }

  /** The end of the 4.x agent's log: why it did not start or does not connect. */
  public String agentLogTail(KvmHost h) {
    return shell.exec(h.remote(), HostCommands.tail(Naming.CURRENT.agentLog(), 20)).stdout();
  }
}
