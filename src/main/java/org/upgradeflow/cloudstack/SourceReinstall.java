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
 * 4.0 source ({@code cloud-*}, {@code /etc/cloud}) is a reinstall, see {@link LegacyReinstall}.
 */
@Component
public class SourceReinstall {

  private static final Logger log = LoggerFactory.getLogger(SourceReinstall.class);
  private static final String COMMON = "cloudstack-common";

  private final RemoteShell shell;
  private final InstalledPackages packages;
  private final LegacyReinstall legacy;

  SourceReinstall(RemoteShell shell, InstalledPackages packages, LegacyReinstall legacy) {
    this.shell = shell;
    this.packages = packages;
    this.legacy = legacy;
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
      List<String> changed = legacy.reinstall(target, host, sourceVersion, runId);
      return new Result(host.name(), repository, changed);
    }
    List<String> pending = new ArrayList<>();
    for (String pkg : packagesOf(host.role())) {
      Optional<String> have = packages.version(target, host.os(), pkg);
      if (have.isPresent() && !have.get().equals(sourceVersion)) {
        pending.add(pkg);
      }
    }
    if (!pending.isEmpty()) {
      ExecResult run = shell.exec(target, RollbackCommands.downgrade(host.os(), pending, sourceVersion));
      packages.requireAt(target, host, pending, sourceVersion, run, "downgrade");
    }
    log.info("{}: rollback to {}: repository file {}, packages {}", host.name(), sourceVersion,
        repository ? "restored" : "already right", pending.isEmpty() ? "already right" : pending);
    return new Result(host.name(), repository, List.copyOf(pending));
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
