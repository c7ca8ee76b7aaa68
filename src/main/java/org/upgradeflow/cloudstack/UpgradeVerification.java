package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.HypervisorHost;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * The end of a path: the database is at a 4.3 release not older than the path's target, every
 * management server and KVM agent has that release installed and its service running, and every KVM
 * host's {@code host} row is Up (the management server sees the agent). Read only.
 */
@Component
class UpgradeVerification {

  record Report(String databaseVersion, List<String> checked, List<String> problems) {
    boolean passed() {
      return problems.isEmpty();
    }
  }

  private final RemoteShell shell;
  private final CloudDatabases databases;

  UpgradeVerification(RemoteShell shell, CloudDatabases databases) {
    this.shell = shell;
    this.databases = databases;
  }

  Report verify(Environment env, CloudStackVersion target) {
    List<String> checked = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    CloudDatabase cloud = databases.forEnvironment(env);
    Optional<String> db = cloud.currentVersion();
    CloudStackVersion release = db.map(CloudStackVersion::parse).orElse(null);
    if (release == null || !release.sameMinor(target.major(), target.minor()) || release.compareTo(target) < 0) {
      problems.add("database: version table at " + db.orElse("nothing") + ", expected " + target + " or a later "
          + target.major() + "." + target.minor() + ".x");
    }
    Naming to = Naming.CURRENT;
    for (Host h : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      check(env, h, to.managementPackage(), to.managementService(), release, checked, problems);
    }
    List<Host> kvmHosts = env.hosts(HostRole.KVM_HOST);
    List<HypervisorHost> rows = kvmHosts.isEmpty() ? List.of() : cloud.hypervisorHosts();
    for (Host h : kvmHosts) {
      check(env, h, to.agentPackage(), to.agentService(), release, checked, problems);
      String status = KvmHostRows.statusOf(rows, h);
      if ("Up".equals(status)) {
        checked.add(h.name() + " host row Up");
      } else {
        problems.add(h.name() + ": host row " + status);
      }
    }
    return new Report(db.orElse(null), List.copyOf(checked), List.copyOf(problems));
  }

  private void check(Environment env, Host host, String pkg, String service, CloudStackVersion release,
      List<String> checked, List<String> problems) {
    RemoteTarget target = RemoteTarget.of(env, host.name());
    ExecResult installed = shell.exec(target, HostCommands.installedVersion(host.os(), pkg));
    String version = installed.ok() ? installed.stdout().strip() : "";
    boolean versionOk = !version.isEmpty() && release != null && CloudStackVersion.parse(version).equals(release);
    boolean running = shell.exec(target, HostCommands.serviceStatus(service)).exitStatus() == HostServices.LSB_RUNNING;
    if (!versionOk) {
      problems.add(host.name() + ": " + pkg + " is " + (version.isEmpty() ? "not installed" : version)
          + ", expected " + release);
    }
    if (!running) {
      problems.add(host.name() + ": " + service + " is not running");
    }
    if (versionOk && running) {
      checked.add(host.name() + " " + pkg + " " + version + " running");
    }
  }
}
