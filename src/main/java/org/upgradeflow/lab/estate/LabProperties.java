package org.upgradeflow.lab.estate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.upgradeflow.lab.behaviour.Releases;
import org.upgradeflow.lab.host.LabTime;
import org.upgradeflow.lab.host.LabTimings;

/**
 * The rehearsal lab's settings ({@code upgradeflow.lab.*}, see {@code config/application-lab.yaml}).
 *
 * @param dir                 client key and known_hosts of the lab
 * @param estates             which estates start (ids of {@link EstateDefinition#ALL}); empty: all
 * @param kvmHostsPerOs       KVM hosts per OS family (rhel and ubuntu) in every CloudStack estate
 * @param managementOs        OS family of the management, usage and database servers
 * @param timeScale           lab time per real-world second (reboots, sleeps): 0.05 = 20x faster
 * @param repositoryUrl       base URL the repository files point at
 * @param repositoryReleases  newest release per series the lab's repository serves
 * @param database            {@code embedded}: a MariaDB per CloudStack estate from a
 *                            {@link org.upgradeflow.lab.db.LabDatabaseServers} on the classpath;
 *                            {@code none}: no database (estates without a database endpoint)
 * @param timings             real-world durations of the simulated software (scaled by {@code timeScale})
 */
@ConfigurationProperties("upgradeflow.lab")
public record LabProperties(
    @DefaultValue("data/lab") Path dir,
    @DefaultValue List<String> estates,
    @DefaultValue("1") int kvmHostsPerOs,
    @DefaultValue("rhel") String managementOs,
    @DefaultValue("0.05") double timeScale,
    @DefaultValue("http://cloudstack.lab") String repositoryUrl,
    Map<String, String> repositoryReleases,
    @DefaultValue("embedded") String database,
    @DefaultValue LabTimings timings) {

  public LabProperties {
    estates = estates == null ? List.of() : List.copyOf(estates);
    timings = timings == null ? LabTimings.DEFAULTS : timings;
    repositoryReleases = repositoryReleases == null || repositoryReleases.isEmpty()
        ? Releases.DEFAULTS : Map.copyOf(repositoryReleases);
    if (kvmHostsPerOs < 0) {
      throw new IllegalArgumentException("upgradeflow.lab.kvm-hosts-per-os must be >= 0");
    }
  }

  public static LabProperties defaults(Path dir) {
    return new LabProperties(dir, List.of(), 1, "rhel", 0.05, "http://cloudstack.lab", Map.of(), "embedded",
        LabTimings.DEFAULTS);
  }

  public LabProperties withKvmHostsPerOs(int n) {
    return new LabProperties(dir, estates, n, managementOs, timeScale, repositoryUrl, repositoryReleases, database, timings);
  }

  public LabProperties withEstates(List<String> ids) {
    return new LabProperties(dir, ids, kvmHostsPerOs, managementOs, timeScale, repositoryUrl, repositoryReleases, database, timings);
  }

  public LabProperties withDatabase(String mode) {
    return new LabProperties(dir, estates, kvmHostsPerOs, managementOs, timeScale, repositoryUrl, repositoryReleases, mode, timings);
  }

  public LabProperties withTimeScale(double scale) {
    return new LabProperties(dir, estates, kvmHostsPerOs, managementOs, scale, repositoryUrl, repositoryReleases, database, timings);
  }

  public LabProperties withTimings(LabTimings t) {
    return new LabProperties(dir, estates, kvmHostsPerOs, managementOs, timeScale, repositoryUrl, repositoryReleases, database, t);
  }

  /** The hosts' time: the scale and the timings. */
  public LabTime time() {
    return new LabTime(timeScale, timings);
  }

  public Releases releases() {
    return new Releases(repositoryReleases);
  }
}
