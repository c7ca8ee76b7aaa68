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
 * release is not touched.
 *
 * <p>The repository file comes back from the newest of the backup copies the upgrade's edits
 * left next to it ({@code <file>.upgradeflow-<time>.bak}) that points at the source release,
 * so the file is byte for byte what it was; without such a copy it is pointed at the source
 * series. Only releases that keep the {@code cloudstack-*} names (4.1 and later) are rolled
 * back here; from 4.0 the package names change and a person must reinstall {@code cloud-*}.
 */
@Component
public class SourceReinstall {

  private static final Logger log = LoggerFactory.getLogger(SourceReinstall.class);
  private static final String COMMON = "cloudstack-common";

  private final RemoteShell shell;

  SourceReinstall(RemoteShell shell) {
    this.shell = shell;
  }

  /** What was done on one host. */
  public record Result(String host, boolean repositoryRestored, List<String> packagesReinstalled) {
  }

  public Result reinstall(Environment env, Host host, String sourceVersion) {
    CloudStackVersion source = CloudStackVersion.parse(sourceVersion);
    if (Naming.of(source) != Naming.CURRENT) {
      throw new IllegalStateException(host.name() + ": rolling back to " + sourceVersion + " means reinstalling the"
          + " cloud-* packages in place of cloudstack-*; that is not automated: reinstall them by hand, then retry");
    }
    RemoteTarget target = RemoteTarget.of(env, host.name());
    boolean repository = restoreRepositoryFile(target, host.os(), source, env.repositoryUrl());
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
