package org.upgradeflow.cloudstack;

import static org.upgradeflow.remote.ShellArg.packageName;
import static org.upgradeflow.remote.ShellArg.path;

import java.util.Collections;
import java.util.List;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/** The commands of a rollback that the upgrade itself does not send, as fixed templates. */
final class RollbackCommands {

  /** apt-get reading the (restored) sources list first, keeping configuration files, never asking. */
  private static final String APT = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y --force-yes "
      + "-o Dpkg::Options::=--force-confold install ";

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
    return switch (os) {
      case RHEL -> ShellCommand.of("yum -y downgrade " + slots(packages), exact(os, packages, version));
      case UBUNTU -> ShellCommand.of(APT + slots(packages), exact(os, packages, version));
      default -> throw unsupported(os);
    };
  }

  /**
   * Installs packages at an exact release ({@code yum -y install cloud-client-4.0.2},
   * {@code apt-get install cloud-client=4.0.2}): the 4.0 {@code cloud-*} packages of a rollback,
   * named one by one so that none is left to a dependency resolver's choice of release.
   */
  static ShellCommand install(OsFamily os, List<String> packages, String version) {
    requireSome(packages);
    return switch (os) {
      case RHEL -> ShellCommand.of("yum -y install " + slots(packages), exact(os, packages, version));
      case UBUNTU -> ShellCommand.of(APT + slots(packages), exact(os, packages, version));
      default -> throw unsupported(os);
    };
  }

  /**
   * The package run of a rollback to 4.0 as one script, {@code set -e} style (each step only after
   * the one before succeeded): the 4.1+ {@code cloudstack-*} packages removed, then the 4.0
   * {@code cloud-*} ones installed at exactly the source release. Either list may be empty, not both.
   */
  static ShellCommand removeThenInstall(OsFamily os, List<String> remove, List<String> install, String version) {
    if (remove.isEmpty()) {
      return install(os, install, version);
    }
    if (install.isEmpty()) {
      return remove(os, remove);
    }
    ShellArg[] args = java.util.stream.Stream.concat(
        remove.stream().map(p -> packageName(p)), java.util.Arrays.stream(exact(os, install, version)))
        .toArray(ShellArg[]::new);
    return switch (os) {
      case RHEL -> ShellCommand.of("yum -y remove " + slots(remove) + " && yum -y install " + slots(install), args);
      case UBUNTU -> ShellCommand.of("DEBIAN_FRONTEND=noninteractive apt-get -y remove " + slots(remove) + " && "
          + APT + slots(install), args);
      default -> throw unsupported(os);
    };
  }

  /** Removes packages (the 4.1+ {@code cloudstack-*} ones before the 4.0 {@code cloud-*} come back). */
  static ShellCommand remove(OsFamily os, List<String> packages) {
    requireSome(packages);
    ShellArg[] args = packages.stream().map(p -> packageName(p)).toArray(ShellArg[]::new);
    return switch (os) {
      case RHEL -> ShellCommand.of("yum -y remove " + slots(packages), args);
      case UBUNTU -> ShellCommand.of("DEBIAN_FRONTEND=noninteractive apt-get -y remove " + slots(packages), args);
      default -> throw unsupported(os);
    };
  }

  /** File names in a directory, one per line. */
  static ShellCommand list(String directory) {
    return ShellCommand.of("ls -1 -- {}", path(directory));
  }

  /** Exit 0 when the directory exists. */
  static ShellCommand isDirectory(String directory) {
    return ShellCommand.of("test -d {}", path(directory));
  }

  /** Exit 0 when the file exists. */
  static ShellCommand isFile(String file) {
    return ShellCommand.of("test -f {}", path(file));
  }

  /** Moves a directory aside under a new name that must not exist yet. */
  static ShellCommand moveAside(String directory, String newName) {
    return ShellCommand.of("test ! -e {} && mv -- {} {}", path(newName), path(directory), path(newName));
  }

  private static ShellArg[] exact(OsFamily os, List<String> packages, String version) {
    return packages.stream()
        .map(p -> packageName(os == OsFamily.UBUNTU ? p + "=" + version : p + "-" + version))
        .toArray(ShellArg[]::new);
  }

  private static String slots(List<String> packages) {
    return String.join(" ", Collections.nCopies(packages.size(), "{}"));
  }

  private static void requireSome(List<String> packages) {
    if (packages.isEmpty()) {
      throw new IllegalArgumentException("packages: at least one, got none");
    }
  }

  private static IllegalArgumentException unsupported(OsFamily os) {
    return new IllegalArgumentException("os: CloudStack packages are managed on rhel or ubuntu hosts, not "
        + os.name().toLowerCase());
  }
}
