package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * One KVM host per the guide: stop the agent, upgrade it, make sure environment.properties has
 * {@code paths.script} and agent.properties the 4.x resource class, on RHEL kill a stale jsvc,
 * start the agent. Every part is check-then-act, so a retried host changes nothing twice: an
 * agent already at the target is not upgraded again.
 */
@Component
public class KvmAgentUpgrade {

  public record Result(String host, String versionBefore, String versionAfter, boolean upgraded) {
  }

  private final RemoteShell shell;
  private final HostServices services;

  KvmAgentUpgrade(RemoteShell shell, HostServices services) {
    this.shell = shell;
    this.services = services;
  }

  /**
   * @param from the naming of the source release (service name to stop)
   * @param targetSeries the release series the repository points at, e.g. "4.3"
   */
  public Result upgrade(Environment env, Host host, Naming from, String targetSeries) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    Naming to = Naming.CURRENT;
    String before = installedVersion(target, host.os(), to.agentPackage());
    boolean atTarget = before != null && before.startsWith(targetSeries + ".");
    if (!atTarget) {
      services.ensureStopped(env, host.name(), from.agentService());
      ExecResult upgrade = shell.exec(target, HostCommands.upgradePackage(host.os(), to.agentPackage()));
      if (!upgrade.ok()) {
        throw new RemoteShellException(host.name() + ": upgrading " + to.agentPackage() + " failed (exit "
            + upgrade.exitStatus() + "): " + upgrade.stderr().strip());
      }
    }
    String after = installedVersion(target, host.os(), to.agentPackage());
    if (after == null || !after.startsWith(targetSeries + ".")) {
      throw new RemoteShellException(host.name() + ": " + to.agentPackage() + " is " + after + " after the upgrade, not "
          + targetSeries + ".x; does the repository point at " + targetSeries + "?");
    }
    shell.editFile(target, to.agentEnvironmentProperties(), AgentProperties::withPathsScript);
    shell.editFile(target, to.agentProperties(), AgentProperties::withCurrentResource);
    if (host.os() == OsFamily.RHEL && !atTarget) {
      shell.exec(target, HostCommands.killJsvc()).requireSuccess();
    }
    services.ensureRunning(env, host.name(), to.agentService());
    return new Result(host.name(), before, after, !atTarget);
  }

  private String installedVersion(RemoteTarget target, OsFamily os, String pkg) {
    ExecResult query = shell.exec(target, HostCommands.installedVersion(os, pkg));
    return query.ok() && !query.stdout().isBlank() ? query.stdout().strip() : null;
  }
}
