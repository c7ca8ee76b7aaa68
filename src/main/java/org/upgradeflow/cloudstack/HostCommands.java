package org.upgradeflow.cloudstack;

import static org.upgradeflow.remote.ShellArg.hostName;
import static org.upgradeflow.remote.ShellArg.integer;
import static org.upgradeflow.remote.ShellArg.packageName;
import static org.upgradeflow.remote.ShellArg.path;
import static org.upgradeflow.remote.ShellArg.service;
import static org.upgradeflow.remote.ShellArg.word;

import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.ProxyUrl;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/**
 * Every command the CloudStack paths send to a host, as fixed templates. The steps and the plan
 * both use these, so the plan shows exactly what runs. The seed uses {@code service X stop} on
 * both OS families; package commands differ per family.
 */
public final class HostCommands {

  private HostCommands() {
  }

  /** Exit 0 when running, 3 when stopped (LSB); anything else is a failure to look at. */
  public static ShellCommand serviceStatus(String name) {
    return ShellCommand.of("service {} status", service(name));
  }

  public static ShellCommand serviceStop(String name) {
    return ShellCommand.of("service {} stop", service(name));
  }

  public static ShellCommand serviceStart(String name) {
    return ShellCommand.of("service {} start", service(name));
  }

  /** Prints only the installed version; exit 1 when the package is not installed. */
  public static ShellCommand installedVersion(OsFamily os, String pkg) {
    return switch (os) {
      case RHEL -> ShellCommand.of("rpm -q --qf '%{VERSION}' {}", packageName(pkg));
      case UBUNTU -> ShellCommand.of("dpkg-query -W -f='${Version}' {}", packageName(pkg));
      default -> throw unsupported(os);
    };
  }

  /**
   * Upgrades (or, for the 4.0 rename, installs) a package from the configured repository,
   * keeping existing configuration files when the package manager asks. Long: run detached.
   */
  public static ShellCommand upgradePackage(OsFamily os, String pkg) {
    return switch (os) {
      case RHEL -> ShellCommand.of("yum -y upgrade {}", packageName(pkg));
      case UBUNTU -> ShellCommand.of("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y "
          + "-o Dpkg::Options::=--force-confold install --only-upgrade {}", packageName(pkg));
      default -> throw unsupported(os);
    };
  }

  /** 4.0 → 4.1+: cloud-client is replaced by cloudstack-management. */
  public static ShellCommand installPackage(OsFamily os, String pkg) {
    return switch (os) {
      case RHEL -> ShellCommand.of("yum -y install {}", packageName(pkg));
      case UBUNTU -> ShellCommand.of("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y "
          + "-o Dpkg::Options::=--force-confold install {}", packageName(pkg));
      default -> throw unsupported(os);
    };
  }

  /**
   * What an operator runs on a management server to see whether its API answers yet: prints the
   * HTTP status of {@code listCapabilities} on the local port ({@code 200} when it answers,
   * {@code 000} while Tomcat's port is not open). Bounded, so a hung server does not hold the job.
   */
  public static ShellCommand managementApiStatus(int port) {
    return ShellCommand.of("curl -s -o /dev/null --max-time 10 -w '%{http_code}' {}",
        ShellArg.text("http://127.0.0.1:" + port + "/client/api?command=listCapabilities"));
  }

  /**
   * Fetches a repository's metadata file the way the host's package manager starts an update,
   * through {@code proxy} when the estate names one: prints the HTTP status; exit 0 only for a
   * 2xx answer ({@code -f}), otherwise curl's exit code and its one-line error on stderr.
   * Writes nothing on the host ({@code -o /dev/null}).
   */
  public static ShellCommand fetchRepositoryMetadata(String url, String proxy, long maxTimeSeconds) {
    if (proxy == null || proxy.isBlank()) {
      return ShellCommand.of("curl -fsS --max-time {} -o /dev/null -w '%{http_code}' {}",
          integer(maxTimeSeconds), urlArg(url));
    }
    return ShellCommand.of("curl -fsS --max-time {} -x {} -o /dev/null -w '%{http_code}' {}",
        integer(maxTimeSeconds), urlArg(proxy), urlArg(url));
  }

  /** A URL with user info is a credential: masked wherever the command is rendered (logs, step logs). */
  private static ShellArg urlArg(String url) {
    return ProxyUrl.masked(url).equals(url) ? ShellArg.text(url) : ShellArg.secret(Secret.of(url));
  }

  /** RHEL agent restart per the guide: a stale jsvc keeps the old agent alive. No jsvc is fine. */
  public static ShellCommand killJsvc() {
    return ShellCommand.of("killall jsvc || test $? -eq 1");
  }

  /**
   * Restarts system VMs (and routers) with the real flags: {@code -a}, never the guide's
   * non-existent {@code -c}. The database password is read on the host from a private file
   * ({@code -p "$(cat FILE)"}), so it is in no command line we send, log, journal or show in the
   * plan; only the running script's own argument list holds it, as sysvmadm requires.
   */
  public static ShellCommand restartSystemVms(String databaseHost, String user, String passwordFile, String logFile) {
    return ShellCommand.of("cloudstack-sysvmadm -d {} -u {} -p \"$(cat {})\" -a -l {}",
        hostName(databaseHost), word(user), path(passwordFile), path(logFile));
  }

  public static ShellCommand tail(String file, int lines) {
    return ShellCommand.of("tail -n {} {}", integer(lines), path(file));
  }

  public static ShellCommand freeKilobytes(String directory) {
    return ShellCommand.of("df -Pk {}", path(directory));
  }

  private static IllegalArgumentException unsupported(OsFamily os) {
    return new IllegalArgumentException("os: CloudStack packages are managed on rhel or ubuntu hosts, not "
        + os.name().toLowerCase());
  }
}
