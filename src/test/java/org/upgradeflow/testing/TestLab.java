package org.upgradeflow.testing;

import java.nio.file.Path;
import java.util.List;
import org.upgradeflow.lab.db.MariaDb4jLabDatabaseServers;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.LabEstates;
import org.upgradeflow.lab.estate.LabProperties;
import org.upgradeflow.lab.host.LabHostFleet;

/**
 * Lab estates (SSH hosts and a MariaDB each) started by a test class that shares the service's
 * cached test context instead of starting one with the lab profile: start in {@code @BeforeAll},
 * close in {@code @AfterAll}. Lab time runs fast (0.002) and each estate has one KVM host per OS.
 */
public final class TestLab implements AutoCloseable {

  private final LabHostFleet fleet;
  private final LabEstates estates;

  private TestLab(LabHostFleet fleet, LabEstates estates) {
    this.fleet = fleet;
    this.estates = estates;
  }

  public static TestLab start(Path dir, String... estateIds) {
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
    return new TestLab(fleet, estates);
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
