package org.upgradeflow.cloudstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * The package side of a rollback on one host: the repository file back to what it was when it
 * pointed at the source release, and the CloudStack packages back to the source release.
 * Check, then act: a file already right is not written, a package already at the source
 * release is not touched, so a retried step does nothing twice.
 *
 * <p>The repository file comes back from the newest of the backup copies the upgrade's edits
 * left next to it ({@code <file>.upgradeflow-<time>.bak}) that points at the source release,
 * so the file is byte for byte what it was; without such a copy it is pointed at the source
 * series. A 4.1+ source keeps the {@code cloudstack-*} names: its packages are downgraded. A
 * 4.0 source ({@code cloud-*}, {@code /etc/cloud}) is a reinstall, see {@link LegacyReinstall}.
 *
 * <p>A package run (yum / apt-get of cloudstack-management) may take minutes, longer than a job
 * may: processes start it as a detached job ({@link DetachedPackageUpgrade}, id
 * {@code <runId>.rollback-package.<host>.<attempt>}), follow it with timer-driven looks and judge
 * it by the installed versions. A package that is not at the source release afterwards is a
 * {@link SourcePackageFailure}.
 */
@Component
public class SourceReinstall {

  private static final Logger log = LoggerFactory.getLogger(SourceReinstall.class);
  private static final String COMMON = "cloudstack-common";

  private final RemoteShell shell;
  private final InstalledPackages packages;
  private final LegacyReinstall legacy;
  private final DetachedPackageUpgrade jobs;

  SourceReinstall(RemoteShell shell, InstalledPackages packages, LegacyReinstall legacy, DetachedPackageUpgrade jobs) {
    this.shell = shell;
    this.packages = packages;
    this.legacy = legacy;
    this.jobs = jobs;
  }

  /** What was done on one host; in {@code packagesReinstalled} a leading '-' marks a package removed (4.0 rollback). */
  public record Result(String host, boolean repositoryRestored, List<String> packagesReinstalled) {
  }

  /** The package changes a host needs (a leading '-': removed) and the one script making them; null: none. */
  record Plan(List<String> changes, ShellCommand script) {
  }

  /**
   * The host's package run, started or found: {@code jobId} null when the host had its source
   * packages already; {@code changes} null when the job existed already (started by an earlier
   * run of the step, whose variables say what it changes).
   */
  public record Started(String host, String jobId, boolean repositoryRestored, List<String> changes) {
  }

  /** The job id prefix of a host's rollback package run: {@code <runId>.rollback-package.<host>.}. */
  static String jobPrefix(String runId, String host) {
    return runId + ".rollback-package." + host + ".";
  }

  /**
   * Puts the repository file back, then starts attempt {@code attempt} of the host's package run
   * (4.1+: downgrade; 4.0: remove and install) as a detached job, unless that job exists already
   * on the host (running or ended: it is followed, never started twice) or the packages are at
   * the source release (nothing to start).
   */
  public Started start(Environment env, Host host, String sourceVersion, String runId, int attempt) {
    CloudStackVersion source = CloudStackVersion.parse(sourceVersion);
    RemoteTarget target = RemoteTarget.of(env, host.name());
    boolean repository = restoreRepositoryFile(target, host.os(), source, env.repositoryUrl());
    String jobId = jobPrefix(runId, host.name()) + attempt;
    if (jobs.look(target, jobId).state() != JobStatus.State.NOT_FOUND) {
      return new Started(host.name(), jobId, repository, null);
    }
    Plan plan = plan(target, host, source, sourceVersion);
    if (plan.script() == null) {
      return new Started(host.name(), null, repository, List.of());
    }
    String started = jobs.start(target, jobPrefix(runId, host.name()), attempt, plan.script());
    log.info("{}: rollback to {}: package run {} started: {}", host.name(), sourceVersion, started, plan.changes());
    return new Started(host.name(), started, repository, plan.changes());
  }

  /**
   * One look at the package run: true while it runs. Still running with {@code late} (past the
   * deadline of {@code timeout}) fails with the host, its packages' versions, the source release
   * and the end of the job's output.
   */
  public boolean running(Environment env, Host host, String sourceVersion, String jobId, boolean late,
      Duration timeout) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    JobStatus status = jobs.look(target, jobId);
    if (status.state() != JobStatus.State.RUNNING) {
      return false;
    }
    if (late) {
      throw new SourcePackageFailure(host.name() + ": the rollback package job " + jobId + " still runs after "
          + timeout + " (" + installed(target, host, sourceVersion) + "; source release " + sourceVersion
          + "); see what the package manager waits for on the host", status.logTail());
    }
    return true;
  }

  /**
   * After the package run (or none): every package of the host at the source release, else a
   * {@link SourcePackageFailure} naming the host, the package, its version, the source release
   * and how the job ended; then (4.0) the configuration brought back.
   *
   * @param jobId the package run, null when none was needed
   */
  public Result finish(Environment env, Host host, String sourceVersion, String runId, String jobId,
      boolean repositoryRestored, List<String> changes) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    CloudStackVersion source = CloudStackVersion.parse(sourceVersion);
    Optional<String> wrong = Naming.of(source) == Naming.LEGACY
        ? legacy.wrongPackage(target, host, sourceVersion) : wrongPackage(target, host, sourceVersion);
    if (wrong.isPresent()) {
      JobStatus status = jobId == null ? null : jobs.look(target, jobId);
      String how = status == null ? "no package run was needed"
          : switch (status.state()) {
            case NOT_FOUND -> "the package job " + jobId + " is not on the host";
            case RUNNING -> "the package job " + jobId + " still runs";
            case LOST -> "the package job " + jobId + " ended without an exit code (killed, or the host rebooted)";
            default -> "the package job " + jobId + " ended with exit " + status.exitCode();
          };
      throw new SourcePackageFailure(host.name() + ": " + wrong.get() + " after the rollback package run (" + how
          + "); does the repository serve " + sourceVersion + "?", status == null ? "" : status.logTail());
    }
    if (Naming.of(source) == Naming.LEGACY) {
      legacy.restoreConfiguration(target, host, runId);
    }
    log.info("{}: rollback to {}: repository file {}, packages {}", host.name(), sourceVersion,
        repositoryRestored ? "restored" : "already right", changes.isEmpty() ? "already right" : changes);
    return new Result(host.name(), repositoryRestored, List.copyOf(changes));
  }

  /**
   * The same in the foreground, for tools and tests (processes use {@link #start}, {@link #running},
   * {@link #finish}: a package run may take longer than a job may).
   *
   * @param runId names the copy of {@code /etc/cloudstack} a 4.0 rollback moves aside
   */
  public Result reinstall(Environment env, Host host, String sourceVersion, String runId) {
    CloudStackVersion source = CloudStackVersion.parse(sourceVersion);
    RemoteTarget target = RemoteTarget.of(env, host.name());
    boolean repository = restoreRepositoryFile(target, host.os(), source, env.repositoryUrl());
    Plan plan = plan(target, host, source, sourceVersion);
    if (plan.script() != null) {
      ExecResult run = shell.exec(target, plan.script());
      if (!run.ok()) {
        throw new SourcePackageFailure(host.name() + ": the rollback package run " + plan.script() + " ended with exit "
            + run.exitStatus(), InstalledPackages.tail(run));
      }
    }
    return finish(env, host, sourceVersion, runId, null, repository, plan.changes());
  }

  private Plan plan(RemoteTarget target, Host host, CloudStackVersion source, String sourceVersion) {
    if (Naming.of(source) == Naming.LEGACY) {
      return legacy.plan(target, host, sourceVersion);
    }
    List<String> pending = new ArrayList<>();
    for (String pkg : packagesOf(host.role())) {
      Optional<String> have = packages.version(target, host.os(), pkg);
      if (have.isPresent() && !have.get().equals(sourceVersion)) {
        pending.add(pkg);
      }
    }
    return new Plan(List.copyOf(pending), pending.isEmpty() ? null
        : RollbackCommands.downgrade(host.os(), pending, sourceVersion));
  }

  /** 4.1+: the first installed package of the role not at the source release. */
  private Optional<String> wrongPackage(RemoteTarget target, Host host, String sourceVersion) {
    for (String pkg : packagesOf(host.role())) {
      Optional<String> have = packages.version(target, host.os(), pkg);
      if (have.isPresent() && !have.get().equals(sourceVersion)) {
        return Optional.of(pkg + " is " + have.get() + ", not the source release " + sourceVersion);
      }
    }
    return Optional.empty();
  }

  /** The role's packages as installed, for a message: "cloudstack-management 4.3.2, cloudstack-common 4.3.2". */
  private String installed(RemoteTarget target, Host host, String sourceVersion) {
    List<String> all = new ArrayList<>(packagesOf(host.role()));
    if (Naming.of(CloudStackVersion.parse(sourceVersion)) == Naming.LEGACY) {
      all.addAll(LegacyReinstall.packagesOf(host.role()));
    }
    return all.stream().map(p -> p + " " + packages.version(target, host.os(), p).orElse("not installed"))
        .reduce((a, b) -> a + ", " + b).orElse("no CloudStack packages");
  }

  static List<String> packagesOf(HostRole role) {
    return switch (role) {
      case MANAGEMENT_SERVER -> List.of(Naming.CURRENT.managementPackage(), COMMON);
      case USAGE_SERVER -> List.of(Naming.CURRENT.usagePackage(), COMMON);
      case KVM_HOST -> List.of(Naming.CURRENT.agentPackage(), COMMON);
      default -> List.of();
    };
  }

  /** @return true when the file was written */
  private boolean restoreRepositoryFile(RemoteTarget target, OsFamily os, CloudStackVersion source,
      String repositoryUrl) {
    String file = RepositoryFile.path(os);
    String current = shell.readFile(target, file);
    if (pointsAtSource(os, current, source)) {
      return false;
    }
    String dir = file.substring(0, file.lastIndexOf('/'));
    String prefix = file.substring(file.lastIndexOf('/') + 1) + ".upgradeflow-";
    ExecResult listing = shell.exec(target, RollbackCommands.list(dir)).requireSuccess();
    List<String> backups = listing.stdout().lines().map(String::strip)
        .filter(n -> n.startsWith(prefix) && n.endsWith(".bak"))
        .sorted(Comparator.reverseOrder()).toList();
    for (String backup : backups) {
      String content = shell.readFile(target, dir + "/" + backup);
      if (pointsAtSource(os, content, source)) {
        return shell.writeFile(target, file, content).changed();
      }
    }
    String series = source.major() + "." + source.minor();
    return shell.writeFile(target, file, RepositoryFile.pointAt(os, current, repositoryUrl, series)).changed();
  }

  /** The file points at the source's series (4.2) or at exactly the source release (4.3.1). */
  static boolean pointsAtSource(OsFamily os, String content, CloudStackVersion source) {
    String series = source.major() + "." + source.minor();
    for (String line : content.split("\\R")) {
      String l = line.strip();
      String named = null;
      if (os == OsFamily.UBUNTU && l.startsWith("deb ")) {
        String[] words = l.split("\\s+");
        named = words[words.length - 1];
      } else if (os == OsFamily.RHEL && l.startsWith("baseurl=")) {
        var m = java.util.regex.Pattern.compile("/rhel/([0-9.]+)/?$").matcher(l);
        named = m.find() ? m.group(1) : null;
      }
      if (named != null) {
        return named.equals(series) || named.equals(source.toString());
      }
    }
    return false;
  }
}
