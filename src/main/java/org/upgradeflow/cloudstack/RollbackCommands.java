package org.upgradeflow.cloudstack;

import static org.upgradeflow.remote.ShellArg.packageName;
import static org.upgradeflow.remote.ShellArg.path;

import java.util.List;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/** The commands of a rollback that the upgrade itself does not send, as fixed templates. */
final class RollbackCommands {

  private RollbackCommands() {
  }

  /**
   * Back to an exact older release of one or two packages (the main package and
   * cloudstack-common go together, or the package manager refuses the dependency), keeping
   * configuration files.
   */
  static ShellCommand downgrade(OsFamily os, List<String> packages, String version) {
    if (packages.isEmpty() || packages.size() > 2) {
      throw new IllegalArgumentException("packages: one or two per downgrade, got " + packages);
    }
    ShellArg[] args = packages.stream()
        .map(p -> packageName(os == OsFamily.UBUNTU ? p + "=" + version : p + "-" + version))
        .toArray(ShellArg[]::new);
    String list = packages.size() == 1 ? "{}" : "{} {}";
    return switch (os) {
      case RHEL -> ShellCommand.of("yum -y downgrade " + list, args);
      case UBUNTU -> ShellCommand.of("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y --force-yes "
          + "-o Dpkg::Options::=--force-confold install " + list, args);
      default -> throw new IllegalArgumentException("os: CloudStack packages are managed on rhel or ubuntu hosts, not "
          + os.name().toLowerCase());
    };
  }

  /** File names in a directory, one per line. */
  static ShellCommand list(String directory) {
    return ShellCommand.of("ls -1 -- {}", path(directory));
  }
}
