package org.upgradeflow.lab.cloudstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.upgradeflow.lab.behaviour.Releases;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;
import org.upgradeflow.lab.db.LabCloudDatabase;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;

/**
 * {@code service cloudstack-management start|restart} on a management server: the service
 * starts (the init script returns at once) and, when the installed package is newer than the
 * database, the database upgrade runs in the background as DatabaseUpgradeChecker does it: log
 * lines, one {@code version} row per hop ({@code Upgrade}, then {@code Complete}), the 4.3
 * system VM template check, {@code mshost.version}. Only one upgrade runs per estate; servers
 * started meanwhile or afterwards just start. Each start is recorded (time, integration port read)
 * for {@link ManagementApiCurl}.
 */
final class ManagementServer {

  /** The hops of CloudStack's upgrade path the lab knows (DatabaseUpgradeChecker's map, abridged). */
  static final List<String> CHAIN = List.of("2.2.14", "3.0.0", "3.0.1", "3.0.2", "4.0.0", "4.1.0", "4.2.0", "4.2.1",
      "4.3.0", "4.3.1", "4.3.2");
  private static final String CHECKER = "cloud.upgrade.DatabaseUpgradeChecker";
  private static final List<String> HYPERVISORS = List.of("XenServer", "KVM", "VMware", "Hyperv");

  private final CloudStackLab lab;

  ManagementServer(CloudStackLab lab) {
    this.lab = lab;
  }

  int service(CommandContext ctx, LabCommand base) throws Exception {
    List<String> args = ctx.args();
    if (args.size() < 2 || !isManagement(args.get(0)) || !(args.get(1).equals("start") || args.get(1).equals("restart"))) {
      return base.run(ctx);
    }
    ServiceState before = ctx.host().services().get(args.get(0));
    boolean wasRunning = before != null && before.running();
    int code = base.run(ctx);
    ServiceState after = ctx.host().services().get(args.get(0));
    if (code == 0 && after != null && after.running() && (!wasRunning || args.get(1).equals("restart"))) {
      lab.apiStarts.put(ctx.host().hostname(), new CloudStackLab.ApiStart(java.time.Instant.now(),
          lab.database().isPresent() ? apiPort() : null));
      started(ctx.host(), args.get(0));
    }
    return code;
  }

  static boolean isManagement(String service) {
    return service.equals("cloudstack-management") || service.equals("cloud-management");
  }

  static Optional<String> codeVersion(LabHostState h) {
    return Optional.ofNullable(h.packages().get("cloudstack-management"))
        .or(() -> Optional.ofNullable(h.packages().get("cloud-client")));
  }

  static String logFile(LabHostState h) {
    return (h.packages().containsKey("cloudstack-management") ? "/var/log/cloudstack" : "/var/log/cloud")
        + "/management/management-server.log";
  }

  private void started(LabHostState h, String service) throws SQLException {
    synchronized (lab.upgradeEnd) { // never between the last writes of an upgrade and its end
      startedAfterAnyUpgradeEnd(h, service);
    }
  }

  private void startedAfterAnyUpgradeEnd(LabHostState h, String service) throws SQLException {
    Optional<LabCloudDatabase> db = lab.database();
    Optional<String> code = codeVersion(h);
    if (db.isEmpty() || code.isEmpty()) {
      return;
    }
    lab.apiPortAtLastStart = apiPort();
    String log = logFile(h);
    if (lab.upgrading.get()) {
      CloudStackLab.appendLog(h, log, "INFO", "cloud.server.ManagementServerImpl", "Startup CloudStack management server...");
      return;
    }
    String dbVersion = db.get().currentVersion().orElse("0");
    String codeVersion = code.get();
    int cmp = Releases.compare(codeVersion, dbVersion);
    if (cmp > 0 && lab.upgrading.compareAndSet(false, true)) {
      CloudStackLab.appendLog(h, log, "INFO", CHECKER, "DB version = " + dbVersion + " Code Version = " + codeVersion);
      CloudStackLab.appendLog(h, log, "INFO", CHECKER, "Database upgrade must be performed from " + dbVersion + " to " + codeVersion);
      try {
        h.processes().start(() -> {
          upgrade(h, service, log, dbVersion, codeVersion);
          return null;
        });
      } catch (RuntimeException e) {
        lab.upgrading.set(false);
        throw e;
      }
      return;
    }
    if (cmp < 0) {
      CloudStackLab.appendLog(h, log, "ERROR", CHECKER, "Database version " + dbVersion
          + " is higher than management software version " + codeVersion);
      h.services().computeIfPresent(service, (n, s) -> s.withRunning(false));
      return;
    }
    if (cmp == 0) {
      CloudStackLab.appendLog(h, log, "INFO", CHECKER, "DB version = " + dbVersion + " Code Version = " + codeVersion);
      CloudStackLab.appendLog(h, log, "INFO", CHECKER, "DB version and code version matches so no upgrade needed.");
    }
    CloudStackLab.appendLog(h, log, "INFO", "cloud.server.ManagementServerImpl", "Startup CloudStack management server...");
    updateMshost(h.hostname(), codeVersion, "Up");
  }

  /** The hops from {@code from} to {@code to}: consecutive versions of {@link #CHAIN}, ending at {@code to}. */
  static List<String[]> hops(String from, String to) {
    List<String[]> hops = new ArrayList<>();
    String at = from;
    for (String v : CHAIN) {
      if (Releases.compare(v, at) > 0 && Releases.compare(v, to) <= 0) {
        hops.add(new String[] {at, v});
        at = v;
      }
    }
    if (Releases.compare(to, at) > 0) {
      hops.add(new String[] {at, to});
    }
    return hops;
  }

  static String className(String from, String to) {
    return "Upgrade" + from.replace(".", "") + "to" + to.replace(".", "");
  }

  private void upgrade(LabHostState h, String service, String log, String from, String to) throws Exception {
    try {
      for (String[] hop : hops(from, to)) {
        CloudStackLab.appendLog(h, log, "INFO", CHECKER, "Running upgrade " + className(hop[0], hop[1])
            + " to upgrade from " + hop[0] + "-" + hop[1] + " to " + hop[1]);
        versionRow(hop[1], "Upgrade");
        h.time().sleep(lab.timings().databaseUpgrade());
        if (hop[1].equals("4.3.0") || Releases.compare(hop[0], "4.3.0") < 0 && Releases.compare(hop[1], "4.3.0") > 0) {
          Optional<String> missing = missingSystemVmTemplate();
          if (missing.isPresent()) {
            // the end's writes and the flag in one step: a start that saw any of them finds the upgrade over
            synchronized (lab.upgradeEnd) {
              CloudStackLab.appendLog(h, log, "ERROR", "cloud.upgrade.dao.Upgrade421to430",
                  "4.3.0 " + missing.get() + " SystemVm template not found. Cannot upgrade system Vms");
              CloudStackLab.appendLog(h, log, "ERROR", CHECKER, "Unable to upgrade the database");
              h.services().computeIfPresent(service, (n, s) -> s.withRunning(false));
              updateMshost(h.hostname(), null, "Down");
              lab.upgrading.set(false);
            }
            return;
          }
        }
        versionRow(hop[1], "Complete");
      }
      synchronized (lab.upgradeEnd) {
        CloudStackLab.appendLog(h, log, "INFO", CHECKER, "Upgrade completed for version " + to);
        CloudStackLab.appendLog(h, log, "INFO", "cloud.server.ManagementServerImpl", "Startup CloudStack management server...");
        updateMshost(h.hostname(), to, "Up");
        lab.upgrading.set(false);
      }
    } finally {
      lab.upgrading.set(false);
    }
  }

  private void versionRow(String version, String step) throws SQLException {
    try (Connection c = lab.connection(); PreparedStatement ps = c.prepareStatement(
        "INSERT INTO version (version, updated, step) VALUES (?, NOW(), ?)"
            + " ON DUPLICATE KEY UPDATE step = VALUES(step), updated = NOW()")) {
      ps.setString(1, version);
      ps.setString(2, step);
      ps.executeUpdate();
    }
  }

  private void updateMshost(String name, String version, String state) throws SQLException {
    try (Connection c = lab.connection(); PreparedStatement ps = c.prepareStatement(version == null
        ? "UPDATE mshost SET state = ?, last_update = NOW() WHERE name = ?"
        : "UPDATE mshost SET state = ?, last_update = NOW(), version = ? WHERE name = ?")) {
      ps.setString(1, state);
      if (version == null) {
        ps.setString(2, name);
      } else {
        ps.setString(2, version);
        ps.setString(3, name);
      }
      ps.executeUpdate();
    }
  }

  private String apiPort() throws SQLException {
    try (Connection c = lab.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT value FROM configuration WHERE name = 'integration.api.port'"); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The first hypervisor in use without a READY 4.3 system VM template, if any. */
  Optional<String> missingSystemVmTemplate() throws SQLException {
    try (Connection c = lab.connection()) {
      List<String> inUse = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT hypervisor_type FROM host WHERE type = 'Routing'"
          + " AND removed IS NULL AND hypervisor_type IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inUse.add(rs.getString(1));
        }
      }
      boolean storeRefs;
      try (ResultSet rs = c.getMetaData().getTables("cloud", null, "template_store_ref", null)) {
        storeRefs = rs.next();
      }
      String ready = storeRefs
          ? "SELECT COUNT(*) FROM vm_template t JOIN template_store_ref r ON r.template_id = t.id"
              + " WHERE t.name = ? AND t.removed IS NULL AND r.download_state = 'DOWNLOADED'"
          : "SELECT COUNT(*) FROM vm_template t JOIN template_host_ref r ON r.template_id = t.id"
              + " WHERE t.name = ? AND t.removed IS NULL AND r.download_state = 'DOWNLOADED'";
      for (String hv : HYPERVISORS) {
        if (!inUse.contains(hv)) {
          continue;
        }
        try (PreparedStatement ps = c.prepareStatement(ready)) {
          ps.setString(1, "systemvm-" + hv.toLowerCase(java.util.Locale.ROOT) + "-4.3");
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getInt(1) == 0) {
              return Optional.of(hv);
            }
          }
        }
      }
      return Optional.empty();
    }
  }
}
