package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.ProxyUrl;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.HostKeyRejectedException;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Checks an estate before anything changes: every host reachable over SSH with a known host
 * key, the database readable with the configured user, room for the backup on the database
 * host, the hypervisors in use, the target repository reachable from every host that installs
 * from it. Reads only; every check is reported, none stops the others. A failed check keeps the
 * plan from being approved without an override (ApprovePlanEvidence), so nothing changes.
 */
@Component
public class Preflight {

  /** Room for the dump files over the data size: dumps are text, usually larger than the data. */
  static final double BACKUP_HEADROOM = 1.5;

  private final RemoteShell shell;
  private final CloudDatabases databases;
  /** The hosts that install CloudStack packages from the repository (the database host does not). */
  private static final List<HostRole> REPOSITORY_CLIENTS =
      List.of(HostRole.MANAGEMENT_SERVER, HostRole.USAGE_SERVER, HostRole.KVM_HOST);

  private final CloudDbProperties properties;
  private final PathProperties paths;

  Preflight(RemoteShell shell, CloudDatabases databases, CloudDbProperties properties, PathProperties paths) {
    this.shell = shell;
    this.databases = databases;
    this.properties = properties;
    this.paths = paths;
  }

  public PreflightReport check(Environment env) {
    List<PreflightReport.Check> checks = new ArrayList<>();
    for (Host host : env.hosts()) {
      checks.add(ssh(env, host));
    }
    CloudDatabase db = databases.forEnvironment(env);
    long dataBytes = -1;
    try {
      String version = db.currentVersion().orElse("no completed version row");
      dataBytes = db.dataSizeBytes();
      checks.add(new PreflightReport.Check("database", "database", true, "version " + version + ", "
          + dataBytes / 1024 + " KiB of data, user " + env.database().user()));
      Set<String> hypervisors = new TreeSet<>();
      db.hypervisorsInUse().values().forEach(hypervisors::addAll);
      checks.add(new PreflightReport.Check("hypervisors", "database", true, "in use: " + hypervisors));
    } catch (RuntimeException e) {
      checks.add(new PreflightReport.Check("database", "database", false, e.getMessage()));
    }
    long size = dataBytes;
    env.hosts(HostRole.DATABASE_HOST).stream().findFirst()
        .ifPresent(dbHost -> checks.add(backupSpace(env, dbHost, Math.max(0, size))));
    for (HostRole role : REPOSITORY_CLIENTS) {
      env.hosts(role).forEach(host -> checks.add(repository(env, host)));
    }
    return new PreflightReport(List.copyOf(checks));
  }

  private PreflightReport.Check ssh(Environment env, Host host) {
    try {
      HostProbe probe = shell.probe(RemoteTarget.of(env, host.name()));
      return new PreflightReport.Check("ssh", host.name(), probe.reachable(),
          probe.reachable() ? "reachable, host key known" : probe.detail());
    } catch (HostKeyRejectedException e) {
      return new PreflightReport.Check("ssh", host.name(), false, e.getMessage());
    } catch (RemoteShellException e) {
      return new PreflightReport.Check("ssh", host.name(), false, e.getMessage());
    }
  }

  /**
   * The host fetches the target repository's metadata as its package manager would (same URL,
   * the estate's proxy if it has one): a firewall, DNS or proxy gap shows here, not half-way
   * through the package upgrade with the management servers stopped.
   */
  private PreflightReport.Check repository(Environment env, Host host) {
    String url = RepositoryFile.metadataUrl(host.os(), env.repositoryUrl(), PathRun.TARGET_SERIES);
    String shown = ProxyUrl.masked(url); // the report becomes a process variable and gate evidence
    try {
      ExecResult r = shell.exec(RemoteTarget.of(env, host.name()),
          HostCommands.fetchRepositoryMetadata(url, env.proxy(), paths.repositoryCheckTimeout().toSeconds()));
      String status = r.stdout().strip();
      if (r.ok() && status.startsWith("2")) {
        return new PreflightReport.Check("repository", host.name(), true, "GET " + shown + ": HTTP " + status);
      }
      String error = r.stderr().strip().isEmpty() ? "no error text" : r.stderr().strip();
      return new PreflightReport.Check("repository", host.name(), false, "GET " + shown + " failed (curl exit "
          + r.exitStatus() + ", HTTP " + (status.isEmpty() ? "none" : status) + "): " + error);
    } catch (RuntimeException e) {
      return new PreflightReport.Check("repository", host.name(), false, "GET " + shown + " not tried: " + ProxyUrl.masked(e.getMessage()));
    }
  }

  private PreflightReport.Check backupSpace(Environment env, Host dbHost, long dataBytes) {
    RemoteTarget target = RemoteTarget.of(env, dbHost.name());
    try {
      // the backup directory is created by the backup; measure the nearest directory that exists
      for (String directory = properties.backupDir(); ; directory = existingParent(directory)) {
        ExecResult df = shell.exec(target, HostCommands.freeKilobytes(directory));
        if (df.ok()) {
          long freeKb = FreeSpace.availableKilobytes(df.stdout());
          long neededKb = (long) Math.ceil(dataBytes * BACKUP_HEADROOM / 1024);
          return new PreflightReport.Check("backup-space", dbHost.name(), freeKb >= neededKb,
              freeKb + " KiB free under " + directory + ", backup needs about " + neededKb + " KiB");
        }
        if (directory.equals("/")) {
          return new PreflightReport.Check("backup-space", dbHost.name(), false, "df / failed: " + df.stderr().strip());
        }
      }
    } catch (RuntimeException e) {
      return new PreflightReport.Check("backup-space", dbHost.name(), false, e.getMessage());
    }
  }

  /** The backup directory may not exist yet; df needs an existing path, its parent will do. */
  static String existingParent(String backupDir) {
    int slash = backupDir.lastIndexOf('/');
    return slash <= 0 ? "/" : backupDir.substring(0, slash);
  }
}
