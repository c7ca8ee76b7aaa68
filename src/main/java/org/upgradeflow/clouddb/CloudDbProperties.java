package org.upgradeflow.clouddb;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How UpgradeFlow reaches a CloudStack database ({@code upgradeflow.clouddb.*}).
 *
 * @param connectTimeout TCP connect timeout: short, so an unreachable database fails a job fast
 *                       instead of holding a Camunda job lock
 * @param socketTimeout  read timeout for one statement; our statements are small
 * @param database       the CloudStack schema ({@code cloud})
 * @param usageDatabase  the usage schema ({@code cloud_usage}), backed up with {@code cloud}
 * @param backupDir      directory on the database host that receives the dumps
 */
@ConfigurationProperties("upgradeflow.clouddb")
public record CloudDbProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration socketTimeout,
    @DefaultValue("cloud") String database,
    @DefaultValue("cloud_usage") String usageDatabase,
    @DefaultValue("/var/backups/upgradeflow") String backupDir) {

  /** Defaults for code and tests that run without Spring. */
  public static CloudDbProperties defaults() {
    return new CloudDbProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), "cloud",
        "cloud_usage", "/var/backups/upgradeflow");
  }

  CloudDbProperties withDatabase(String otherDatabase) {
    return new CloudDbProperties(connectTimeout, socketTimeout, otherDatabase, usageDatabase,
        backupDir);
  }
}
