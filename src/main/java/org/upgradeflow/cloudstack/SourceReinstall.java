package org.upgradeflow.cloudstack;

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
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

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
 * 4.0 source ({@code cloud-*}, {@code /etc/cloud}) is a reinstall, see {@link #reinstallLegacy}.
 */
@Component
public class SourceReinstall {

  private static final Logger log = LoggerFactory.getLogger(SourceReinstall.class);
  private static final String COMMON = "cloudstack-common";

  private final RemoteShell shell;
  private final LegacyConfig config;

  SourceReinstall(RemoteShell shell, LegacyConfig config) {
    this.shell = shell;
    this.config = config;
  }

  /** What was done on one host; in {@code packagesReinstalled} a leading '-' marks a package removed (4.0 rollback). */
  public record Result(String host, boolean repositoryRestored, List<String> packagesReinstalled) {
  }

  /**
   * @param runId names the copy of {@code /etc/cloudstack} a 4.0 rollback moves aside
   */
  public Result reinstall(Environment env, Host host, String sourceVersion, String runId) {
    CloudStackVersion source = CloudStackVersion.parse(sourceVersion);
    RemoteTarget target = RemoteTarget.of(env, host.name());
    boolean repository = restoreRepositoryFile(target, host.os(), source, env.repositoryUrl());
    if (Naming.of(source) == Naming.LEGACY) {
      return reinstallLegacy(target, host, sourceVersion, runId, repository);
    }
    List<String> pending = new ArrayList<>();
    for (String pkg : packagesOf(host.role())) {
      Optional<String> have = installedVersion(target, host.os(), pkg);
      if (have.isPresent() && !have.get().equals(sourceVersion)) {
        pending.add(pkg);
      }
    }
    if (!pending.isEmpty()) {
      ExecResult run = shell.exec(target, RollbackCommands.downgrade(host.os(), pending, sourceVersion));
      for (String pkg : pending) {
        Optional<String> now = installedVersion(target, host.os(), pkg);
        if (!run.ok() || now.isEmpty() || !now.get().equals(sourceVersion)) {
          throw new RemoteShellException(host.name() + ": " + pkg + " is " + now.orElse("not installed")
              + " after the downgrade (exit " + run.exitStatus() + "), not " + sourceVersion
              + "; does the repository serve " + sourceVersion + "? " + tail(run));
        }
      }
    }
    log.info("{}: rollback to {}: repository file {}, packages {}", host.name(), sourceVersion,
        repository ? "restored" : "already right", pending.isEmpty() ? "already right" : pending);
    return new Result(host.name(), repository, List.copyOf(pending));
  }

  /**
   * Rollback to 4.0: the 4.1+ packages cannot be downgraded into the 4.0 ones (other names;
   * they obsolete / conflict with them), so on this host
   * <ol>
   *   <li>the {@code cloudstack-*} packages still installed are removed;</li>
   *   <li>the {@code cloud-*} packages of the host's role missing or not at the source release are
   *       installed at exactly the source release from the (restored) 4.0 repository;</li>
   *   <li>the 4.0 configuration in {@code /etc/cloud} is brought back where the upgrade moved it
   *       ({@link LegacyConfig}), keeping the files the reinstall put there for nothing;</li>
   *   <li>{@code /etc/cloudstack} (copies of the old files, the 4.3 componentContext.xml, any
   *       {@code .rpmsave} of the removal) is moved aside to
   *       {@code /etc/cloudstack.upgradeflow-rollback-<runId>}: kept for a look, and out of the
   *       way of a later upgrade, whose packages would otherwise keep its stale files.</li>
   * </ol>
   * Each step checks first; a host whose upgrade never started has nothing to do.
   */
  private Result reinstallLegacy(RemoteTarget target, Host host, String sourceVersion, String runId, boolean repository) {
    OsFamily os = host.os();
    List<String> current = packagesOf(host.role()).stream().filter(p -> installedVersion(target, os, p).isPresent()).toList();
    if (!current.isEmpty()) {
      ExecResult run = shell.exec(target, RollbackCommands.remove(os, current));
      List<String> left = current.stream().filter(p -> installedVersion(target, os, p).isPresent()).toList();
      if (!run.ok() || !left.isEmpty()) {
        throw new RemoteShellException(host.name() + ": " + left + " still installed after the removal (exit "
            + run.exitStatus() + "): " + tail(run));
      }
    }
    List<String> pending = new ArrayList<>();
    for (String pkg : legacyPackagesOf(host.role())) {
      Optional<String> have = installedVersion(target, os, pkg);
      if (have.isPresent() && !have.get().equals(sourceVersion)) {
        throw new IllegalStateException(host.name() + ": " + pkg + " is " + have.get() + ", neither the source release "
            + sourceVersion + " nor absent; put it to " + sourceVersion + " by hand, then retry");
      }
      if (have.isEmpty()) {
        pending.add(pkg);
      }
    }
    if (!pending.isEmpty()) {
      ExecResult run = shell.exec(target, RollbackCommands.install(os, pending, sourceVersion));
      for (String pkg : pending) {
        Optional<String> now = installedVersion(target, os, pkg);
        if (!run.ok() || now.isEmpty() || !now.get().equals(sourceVersion)) {
          throw new RemoteShellException(host.name() + ": " + pkg + " is " + now.orElse("not installed")
              + " after the install (exit " + run.exitStatus() + "), not " + sourceVersion
              + "; does the repository serve " + sourceVersion + "? " + tail(run));
        }
      }
    }
    List<String> restored = config.restore(target, host.role(), runId);
    boolean movedAside = moveNewConfigAside(target, runId);
    log.info("{}: rollback to {}: repository file {}, removed {}, installed {}, /etc/cloud files restored {}, "
        + "/etc/cloudstack {}", host.name(), sourceVersion, repository ? "restored" : "already right", current,
        pending.isEmpty() ? "nothing" : pending, restored, movedAside ? "moved aside" : "not there");
    List<String> changed = new ArrayList<>(current.stream().map(p -> "-" + p).toList());
    changed.addAll(pending);
    return new Result(host.name(), repository, List.copyOf(changed));
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
   * exactly the source release.
   */
  static List<String> legacyPackagesOf(HostRole role) {
    return switch (role) {
      case MANAGEMENT_SERVER -> List.of(Naming.LEGACY.managementPackage(), "cloud-server", "cloud-utils", "cloud-setup",
          "cloud-scripts");
      case USAGE_SERVER -> List.of(Naming.LEGACY.usagePackage(), "cloud-utils");
      case KVM_HOST -> List.of(Naming.LEGACY.agentPackage(), "cloud-agent-libs", "cloud-utils", "cloud-scripts");
      default -> List.of();
    };
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

  private Optional<String> installedVersion(RemoteTarget target, OsFamily os, String pkg) {
    ExecResult query = shell.exec(target, HostCommands.installedVersion(os, pkg));
    return query.ok() && !query.stdout().isBlank() ? Optional.of(query.stdout().strip()) : Optional.empty();
  }

  private static String tail(ExecResult result) {
    String text = (result.stdout() + " " + result.stderr()).strip();
    return text.length() > 300 ? text.substring(text.length() - 300) : text;
  }
}
