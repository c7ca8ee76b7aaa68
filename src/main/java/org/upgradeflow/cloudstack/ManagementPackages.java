package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Upgrades the management (or usage) server package of one host to the series its repository points at:
 * {@code cloudstack-management} is upgraded, or on 4.0 installed in place of {@code cloud-client}.
 * A host already at the target is left alone, so a retried step upgrades nothing twice.
 */
@Component
public class ManagementPackages {

  public record Result(String host, String versionBefore, String versionAfter, boolean changed) {
  }

  private final RemoteShell shell;

  ManagementPackages(RemoteShell shell) {
    this.shell = shell;
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
    ExecResult run = shell.exec(target, before == null && from == Naming.LEGACY
        ? HostCommands.installPackage(host.os(), pkg)
        : HostCommands.upgradePackage(host.os(), pkg));
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
