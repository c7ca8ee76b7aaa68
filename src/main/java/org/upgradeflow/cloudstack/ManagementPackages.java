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

  public Result upgrade(Environment env, Host host, Naming from, String targetSeries) {
    return upgrade(env, host, from, targetSeries, Naming.CURRENT.managementPackage());
  }

  /** The usage server's package the same way ({@code cloud-usage} is replaced on 4.0). */
  public Result upgradeUsage(Environment env, Host host, Naming from, String targetSeries) {
    return upgrade(env, host, from, targetSeries, Naming.CURRENT.usagePackage());
  }

  private Result upgrade(Environment env, Host host, Naming from, String targetSeries, String pkg) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    String before = installedVersion(target, host, pkg);
    if (before != null && before.startsWith(targetSeries + ".")) {
      return new Result(host.name(), before, before, false);
    }
    ExecResult run = shell.exec(target, before == null && from == Naming.LEGACY
        ? HostCommands.installPackage(host.os(), pkg)
        : HostCommands.upgradePackage(host.os(), pkg));
    String after = installedVersion(target, host, pkg);
    if (!run.ok() || after == null || !after.startsWith(targetSeries + ".")) {
      throw new RemoteShellException(host.name() + ": " + pkg + " is " + after + " after the package run (exit "
          + run.exitStatus() + "), not " + targetSeries + ".x; does the repository point at " + targetSeries + "?");
    }
    return new Result(host.name(), before, after, true);
  }

  private String installedVersion(RemoteTarget target, Host host, String pkg) {
    ExecResult query = shell.exec(target, HostCommands.installedVersion(host.os(), pkg));
    return query.ok() && !query.stdout().isBlank() ? query.stdout().strip() : null;
  }
}
