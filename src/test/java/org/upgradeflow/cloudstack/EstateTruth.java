package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.clouddb.CloudStackCipher;
import org.upgradeflow.clouddb.VmwarePasswordRow;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.lab.behaviour.CloudStackPackaging;
import org.upgradeflow.lab.estate.EstateHosts;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.testing.LabRig;

/** The lab's truth about an estate after a path, read from hosts and database, never from the run. */
record EstateTruth(LabEstate estate) {

  CloudDatabase database() {
    return new CloudDatabases(CloudDbProperties.defaults()).forEnvironment(estate.environment());
  }

  LabHostState host(String name) {
    return estate.host(name).state();
  }

  List<String> names(String prefix) {
    return estate.hosts().keySet().stream().filter(n -> n.startsWith(prefix)).sorted().toList();
  }

  void upgradedTo(String release) {
    assertThat(database().currentVersion()).contains(release);
    for (String ms : names("ms")) {
      assertThat(host(ms).packages()).as(ms).containsEntry("cloudstack-management", release);
      assertThat(host(ms).services().get("cloudstack-management").running()).as(ms + " running").isTrue();
      assertThat(CloudStackPackaging.repositoryVersion(host(ms))).as(ms + " repository").contains("4.3");
    }
    for (String kvm : names("kvm")) {
      assertThat(host(kvm).packages()).as(kvm).containsEntry("cloudstack-agent", release);
      assertThat(host(kvm).services().get("cloudstack-agent").running()).as(kvm + " running").isTrue();
      assertThat(CloudStackPackaging.repositoryVersion(host(kvm))).as(kvm + " repository").contains("4.3");
    }
    for (String usage : names("usage")) {
      assertThat(host(usage).services().get("cloudstack-usage").running()).as(usage + " running").isTrue();
    }
  }

  /**
   * What every path leaves behind: {@link #upgradedTo}, VMware passwords, pool paths, vhd-util and
   * {@code integration.api.port} as it was before the run.
   */
  void pathCompleted(String release, Integer integrationApiPortBefore) throws Exception {
    upgradedTo(release);
    vmwarePasswordsDecrypt();
    storagePoolsFixed();
    vhdUtilInPlace();
    assertThat(database().integrationApiPort().orElse(null)).as("integration.api.port as before the run")
        .isEqualTo(integrationApiPortBefore);
  }

  void vmwarePasswordsDecrypt() throws Exception {
    String key = Files.readString(host("ms1").path("/etc/cloudstack/management/key")).lines().findFirst().orElseThrow();
    CloudStackCipher cipher = CloudStackCipher.withKey(Secret.of(key));
    List<VmwarePasswordRow> rows = database().vmwarePasswordRows();
    assertThat(rows).isNotEmpty();
    for (VmwarePasswordRow row : rows) {
      assertThat(cipher.decrypt(row.value().reveal()).reveal()).isEqualTo(EstateHosts.vcenterPassword(estate.id()));
    }
  }

  void storagePoolsFixed() {
    assertThat(database().localStoragePoolsWithTrailingSlash()).isEmpty();
  }

  void vhdUtilInPlace() {
    for (String ms : names("ms")) {
      assertThat(Files.isRegularFile(host(ms).path(PlanBuilder.VHD_UTIL))).as(ms + " vhd-util").isTrue();
    }
  }

  /**
   * A journal entry (source and command) that one run may leave more than once on a host, at most
   * {@code atMost} times, and why. Each is a different change, not the same one done twice: the lab
   * journals a service command only when it changed the service (a start of a running service
   * leaves nothing), and an SFTP upload is several requests.
   */
  private record Repeat(Pattern entry, int atMost, String reason) {
  }

  private static final List<Repeat> REPEATS = List.of(
      new Repeat(Pattern.compile("sftp sftp setstat \\S+ \\[permissions\\]"), 2,
          "one SFTP upload sets the file's mode twice: when it creates the file and after writing it"),
      new Repeat(Pattern.compile("exec service '(cloud|cloudstack)-management' stop"), 3,
          "stopped for the upgrade, then by each of the two restarts that open and close port 8096"),
      new Repeat(Pattern.compile("exec service 'cloudstack-management' start"), 3,
          "the first start after the upgrade, then the two restarts that open and close port 8096"));

  /** Every state change a run made on a host appears once in its journal, but for {@link #REPEATS}. */
  void stateChangesOncePerHost() {
    stateChangesOncePerHost(Map.of());
  }

  /**
   * The same, allowing one more of each entry in {@code oneMore} ("host source command" to the
   * reason: a test's own legitimate repeat, e.g. a retry of a failed step).
   */
  void stateChangesOncePerHost(Map<String, String> oneMore) {
    LabRig.awaitJobsEnded(estate);
    estate.hosts().forEach((name, host) -> {
      Map<String, Long> counts = host.state().journal().entries().stream()
          .map(e -> e.source() + " " + e.command())
          .collect(Collectors.groupingBy(Function.identity(), java.util.TreeMap::new, Collectors.counting()));
      counts.forEach((entry, n) -> {
        int allowed = REPEATS.stream().filter(r -> r.entry().matcher(entry).matches()).mapToInt(Repeat::atMost)
            .findFirst().orElse(1) + (oneMore.containsKey(name + " " + entry) ? 1 : 0);
        assertThat(n).as("%s journal: '%s' appears %d times, at most %d expected (%s)", name, entry, n, allowed,
            allowed == 1 ? "a state change is made once" : "a listed repeat").isLessThanOrEqualTo((long) allowed);
      });
    });
  }

  /**
   * What a run leaves on purpose (or the lab seeds incompletely) and rollback does not take back,
   * as "host file path" patterns, with why; every other file of every host must be as before the run.
   */
  private static final Map<Pattern, String> LEFT_ON_PURPOSE = Map.of(
      Pattern.compile("^\\S+ file /var/backups(/upgradeflow(/.*)?)?$"),
      "the run's database backups (and the directory made for them): the way back, kept for the operator",
      Pattern.compile("^\\S+ file .*\\.upgradeflow-\\d{8}-\\d{9}\\.bak$"), "the copy kept next to every file the run edited",
      Pattern.compile("^\\S+ file /var/tmp/upgradeflow(/.*)?$"), "job directories (output, exit code) kept as evidence of each step",
      Pattern.compile("^\\S+ file /var/log/.*$"), "logs: services log their stops and starts, history rather than state",
      Pattern.compile("^usage\\d+ file /usr/share(/cloudstack-common(/.*)?)?$"),
      "the lab seeds usage servers with the cloudstack-common package but without its files; the rollback's"
          + " reinstall lays them down, as it would on a real server that had them all along");

  /** Columns that change without the run changing anything, with why; the rest of each row is compared. */
  private static final Map<String, List<String>> VOLATILE_COLUMNS = Map.of(
      "cloud.mshost", List.of("last_update"));
  // why: every management server start stamps its mshost row (CloudStack's heartbeat); the rollback starts them

  /**
   * What rollback must bring back: per host packages, running services, repository and every
   * file but {@link #LEFT_ON_PURPOSE}; every row of every table of {@code cloud} and
   * {@code cloud_usage} (CHECKSUM TABLE), and the facts the paths change, named for readable failures.
   */
  Map<String, Object> restorable() {
    try {
      return restorableState();
    } catch (java.io.IOException | java.sql.SQLException e) {
      throw new IllegalStateException("reading the estate " + estate.id() + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> restorableState() throws java.io.IOException, java.sql.SQLException {
    Map<String, Object> state = new java.util.TreeMap<>();
    estate.hosts().forEach((name, host) -> {
      LabHostState h = host.state();
      state.put(name + " packages", new java.util.TreeMap<>(h.packages()));
      state.put(name + " running", h.services().entrySet().stream().filter(e -> e.getValue().running())
          .map(Map.Entry::getKey).sorted().toList());
      state.put(name + " repository", CloudStackPackaging.repositoryVersion(h).orElse(null));
    });
    LabRig.files(estate).forEach((name, files) -> files.forEach((path, content) -> {
      String key = name + " file " + path;
      if (LEFT_ON_PURPOSE.keySet().stream().noneMatch(p -> p.matcher(key).matches())) {
        state.put(key, content);
      }
    }));
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement()) {
      for (String schema : List.of("cloud", "cloud_usage")) {
        List<String> tables = new java.util.ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
            + schema + "' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
        state.put(schema + " tables", tables);
        for (String table : tables) {
          List<String> skip = VOLATILE_COLUMNS.get(schema + "." + table);
          if (skip == null) {
            try (ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + schema + "`.`" + table + "` EXTENDED")) {
              rs.next();
              state.put(schema + "." + table + " rows checksum", rs.getLong(2));
            }
          } else {
            state.put(schema + "." + table + " rows without " + skip, rows(s, schema, table, skip));
          }
        }
      }
    }
    CloudDatabase db = database();
    state.put("version", db.currentVersion().orElse(null));
    state.put("vmware rows", db.vmwarePasswordRows().stream().map(r -> r.value().reveal()).sorted().toList());
    state.put("pools with a trailing slash", db.localStoragePoolsWithTrailingSlash().stream().map(p -> p.path()).toList());
    state.put("integration.api.port", db.integrationApiPort().orElse(null));
    return state;
  }

  /** Every row of a table, ordered, without the {@code skip} columns. */
  private static List<String> rows(Statement s, String schema, String table, List<String> skip) throws java.sql.SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT * FROM `" + schema + "`.`" + table + "` ORDER BY 1")) {
      var meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (!skip.contains(meta.getColumnName(i))) {
            row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
          }
        }
        rows.add(row.toString().strip());
      }
    }
    return rows;
  }

  /** The estate's running system VMs and routers as [id, name, type], read with plain SQL. */
  Set<List<Object>> runningSystemVmsAndRouters() throws Exception {
    Set<List<Object>> vms = new java.util.HashSet<>();
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, name, type FROM vm_instance WHERE state = 'Running'"
            + " AND removed IS NULL AND type IN ('SecondaryStorageVm', 'ConsoleProxy', 'DomainRouter')")) {
      while (rs.next()) {
        vms.add(List.of(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return vms;
  }

  long commandCount(String host, String fragment) {
    LabRig.awaitJobsEnded(estate);
    return host(host).journal().commands().stream().filter(c -> c.contains(fragment)).count();
  }
}
