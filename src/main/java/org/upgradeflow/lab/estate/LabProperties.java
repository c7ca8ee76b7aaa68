package org.upgradeflow.lab.estate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.upgradeflow.lab.behaviour.Releases;

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
    @DefaultValue("embedded") String database) {

  public LabProperties {
    estates = estates == null ? List.of() : List.copyOf(estates);
    repositoryReleases = repositoryReleases == null || repositoryReleases.isEmpty()
        ? Releases.DEFAULTS : Map.copyOf(repositoryReleases);
    if (kvmHostsPerOs < 0) {
      throw new IllegalArgumentException("upgradeflow.lab.kvm-hosts-per-os must be >= 0");
    }
  }

  public static LabProperties defaults(Path dir) {
    return new LabProperties(dir, List.of(), 1, "rhel", 0.05, "http://cloudstack.lab", Map.of(), "embedded");
  }

  public LabProperties withKvmHostsPerOs(int n) {
    return new LabProperties(dir, estates, n, managementOs, timeScale, repositoryUrl, repositoryReleases, database);
  }

  public LabProperties withEstates(List<String> ids) {
    return new LabProperties(dir, ids, kvmHostsPerOs, managementOs, timeScale, repositoryUrl, repositoryReleases, database);
  }

  public LabProperties withDatabase(String mode) {
    return new LabProperties(dir, estates, kvmHostsPerOs, managementOs, timeScale, repositoryUrl, repositoryReleases, mode);
  }

  public LabProperties withTimeScale(double scale) {
    return new LabProperties(dir, estates, kvmHostsPerOs, managementOs, scale, repositoryUrl, repositoryReleases, database);
  }

  public Releases releases() {
    return new Releases(repositoryReleases);
  }
}
