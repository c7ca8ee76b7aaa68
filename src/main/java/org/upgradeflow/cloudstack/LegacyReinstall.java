package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Rollback of one host to a 4.0 release, after its repository file points at 4.0 again. The 4.1+
 * packages cannot be downgraded into the 4.0 ones (other names; they obsolete / conflict with
 * them), so
 * <ol>
 *   <li>the {@code cloudstack-*} packages still installed are removed;</li>
 *   <li>the {@code cloud-*} packages of the host's role that are missing are installed at exactly
 *       the source release;</li>
 *   <li>the 4.0 configuration in {@code /etc/cloud} is brought back where the upgrade moved it
 *       ({@link LegacyConfig});</li>
 *   <li>{@code /etc/cloudstack} (copies of the old files, the 4.3 componentContext.xml, any
 *       {@code .rpmsave} of the removal) is moved aside to
 *       {@code /etc/cloudstack.upgradeflow-rollback-<runId>}: kept for a look, and out of the
 *       way of a later upgrade, whose packages would otherwise keep its stale files.</li>
 * </ol>
 * Steps 1 and 2 are one script run as a detached job ({@link #plan}), judged afterwards by the
 * installed packages ({@link #wrongPackage}); steps 3 and 4 are {@link #restoreConfiguration}.
 * Each step checks first, so a host whose upgrade never started, or a retried step, does nothing
 * twice.
 */
@Component
class LegacyReinstall {

  private static final Logger log = LoggerFactory.getLogger(LegacyReinstall.class);

  private final RemoteShell shell;
  private final InstalledPackages packages;
  private final LegacyConfig config;

  LegacyReinstall(RemoteShell shell, InstalledPackages packages, LegacyConfig config) {
    this.shell = shell;
    this.packages = packages;
    this.config = config;
  }

  /**
   * What the package run of this host must do (check, then act: nothing when the host is at the
   * source release already).
   *
   * @return the changes (a removed package with a leading '-') and the one script that makes
   *         them, or no script when there is nothing to do
   */
  SourceReinstall.Plan plan(RemoteTarget target, Host host, String sourceVersion) {
    OsFamily os = host.os();
    List<String> current = packages.present(target, os, SourceReinstall.packagesOf(host.role()));
    List<String> pending = new ArrayList<>();
    for (String pkg : packagesOf(host.role())) {
      Optional<String> have = packages.version(target, os, pkg);
      if (have.isPresent() && !have.get().equals(sourceVersion)) {
        throw new IllegalStateException(host.name() + ": " + pkg + " is " + have.get() + ", neither the source release "
            + sourceVersion + " nor absent; put it to " + sourceVersion + " by hand, then retry");
      }
      if (have.isEmpty()) {
        pending.add(pkg);
      }
    }
    List<String> changed = new ArrayList<>(current.stream().map(p -> "-" + p).toList());
    changed.addAll(pending);
    return new SourceReinstall.Plan(List.copyOf(changed), changed.isEmpty() ? null
        : RollbackCommands.removeThenInstall(os, current, pending, sourceVersion));
  }

  /**
   * After the package run: the first package not where the source release wants it (a
   * {@code cloudstack-*} package still installed, a {@code cloud-*} one missing or at another
   * release), as "package is X, not Y"; empty when all are right.
   */
  Optional<String> wrongPackage(RemoteTarget target, Host host, String sourceVersion) {
    for (String pkg : SourceReinstall.packagesOf(host.role())) {
      Optional<String> have = packages.version(target, host.os(), pkg);
      if (have.isPresent()) {
        return Optional.of(pkg + " is " + have.get() + ", not removed");
      }
    }
    for (String pkg : packagesOf(host.role())) {
      Optional<String> have = packages.version(target, host.os(), pkg);
      if (have.isEmpty() || !have.get().equals(sourceVersion)) {
        return Optional.of(pkg + " is " + have.orElse("not installed") + ", not the source release " + sourceVersion);
      }
    }
    return Optional.empty();
  }

  /**
   * Once the 4.0 packages are back: the 4.0 configuration in {@code /etc/cloud} restored and
   * {@code /etc/cloudstack} moved aside (both check first).
   */
  void restoreConfiguration(RemoteTarget target, Host host, String runId) {
    List<String> restored = config.restore(target, host.role(), runId);
    boolean movedAside = moveNewConfigAside(target, runId);
    log.info("{}: rollback to 4.0: /etc/cloud files restored {}, /etc/cloudstack {}", host.name(), restored,
        movedAside ? "moved aside" : "not there");
  }

  private boolean moveNewConfigAside(RemoteTarget target, String runId) {
    String dir = Naming.CURRENT.configDir();
    if (!shell.exec(target, RollbackCommands.isDirectory(dir)).ok()) {
      return false;
    }
    shell.exec(target, RollbackCommands.moveAside(dir, dir + ".upgradeflow-rollback-" + runId)).requireSuccess();
    return true;
  }

  /**
   * The 4.0 packages of a role, main package first: what {@code cloud-client}, {@code cloud-usage}
   * and {@code cloud-agent} depend on in the 4.0 RPMs and debs, named so that each comes back at
   * exactly the source release rather than at a dependency resolver's choice.
   */
  static List<String> packagesOf(HostRole role) {
    return switch (role) {
      case MANAGEMENT_SERVER -> List.of(Naming.LEGACY.managementPackage(), "cloud-server", "cloud-utils", "cloud-setup",
          "cloud-scripts");
      case USAGE_SERVER -> List.of(Naming.LEGACY.usagePackage(), "cloud-utils");
      case KVM_HOST -> List.of(Naming.LEGACY.agentPackage(), "cloud-agent-libs", "cloud-utils", "cloud-scripts");
      default -> List.of();
    };
  }
}
