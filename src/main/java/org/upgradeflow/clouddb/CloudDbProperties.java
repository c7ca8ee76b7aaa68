package org.upgradeflow.clouddb;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How UpgradeFlow reaches a CloudStack database ({@code upgradeflow.clouddb.*}).
 *
 * @param connectTimeout   TCP connect timeout: short, so an unreachable database fails a job
 *                         fast instead of holding a Camunda job lock
 * @param socketTimeout    read timeout for one statement; our statements are small
 * @param database         the CloudStack schema ({@code cloud})
 * @param usageDatabase    the usage schema ({@code cloud_usage}), backed up with {@code cloud}
 * @param backupDir        directory on the database host that receives the dumps
 * @param mysqldumpCommand the dump client on the database host: a program name looked up in
 *                         {@code PATH} or an absolute path ({@code mysqldump}, or MariaDB's
 *                         {@code mariadb-dump})
 * @param mysqlCommand     the command-line client on the database host, used for restores
 */
@ConfigurationProperties("upgradeflow.clouddb")
public record CloudDbProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("30s") Duration socketTimeout,
    @DefaultValue("cloud") String database,
    @DefaultValue("cloud_usage") String usageDatabase,
    @DefaultValue("/var/backups/upgradeflow") String backupDir,
    @DefaultValue("mysqldump") String mysqldumpCommand,
    @DefaultValue("mysql") String mysqlCommand) {

  /** A plain program name, or an absolute path without "..": never options or shell syntax. */
  private static final Pattern PROGRAM =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*|(?!.*/\\.\\./)(?!.*/\\.\\.$)/[A-Za-z0-9._+/-]+");
  /**
   * Database names become identifiers in the restore's DROP/CREATE DATABASE (DDL takes no
   * bind parameters), so they are held to the unquoted identifier alphabet.
   */
  static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

  public CloudDbProperties {
    requireProgram("mysqldump-command", mysqldumpCommand);
    requireProgram("mysql-command", mysqlCommand);
    requireDatabaseName("database", database);
    requireDatabaseName("usage-database", usageDatabase);
  }

  /** Defaults for code and tests that run without Spring. */
  public static CloudDbProperties defaults() {
    return new CloudDbProperties(Duration.ofSeconds(5), Duration.ofSeconds(30), "cloud",
        "cloud_usage", "/var/backups/upgradeflow", "mysqldump", "mysql");
  }

  CloudDbProperties withDatabase(String otherDatabase) {
    return new CloudDbProperties(connectTimeout, socketTimeout, otherDatabase, usageDatabase,
        backupDir, mysqldumpCommand, mysqlCommand);
  }

  /** The same settings with the backups written to another directory. */
  public CloudDbProperties withBackupDir(String otherBackupDir) {
    return new CloudDbProperties(connectTimeout, socketTimeout, database, usageDatabase,
        otherBackupDir, mysqldumpCommand, mysqlCommand);
  }

  /** The same settings with other client binaries (e.g. MariaDB's mariadb-dump and mariadb). */
  public CloudDbProperties withClients(String dumpCommand, String clientCommand) {
    return new CloudDbProperties(connectTimeout, socketTimeout, database, usageDatabase,
        backupDir, dumpCommand, clientCommand);
  }

  private static void requireProgram(String name, String value) {
    if (value == null || !PROGRAM.matcher(value).matches()) {
      throw new IllegalArgumentException("upgradeflow.clouddb." + name + " must be a program name"
          + " or an absolute path (letters, digits, '.', '_', '+', '-', '/'): " + value);
    }
  }

  private static void requireDatabaseName(String name, String value) {
    if (value == null || !DATABASE_NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("upgradeflow.clouddb." + name
          + " must be a database name of letters, digits and '_': " + value);
    }
  }
}
