package org.upgradeflow.lab.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.lab.estate.EstateDefinition;
import org.upgradeflow.lab.estate.LabProperties;

/**
 * An estate's {@code cloud} and {@code cloud_usage} databases on their own lab server, seeded
 * with the rows of its release ({@link LabCloudSchema}); UpgradeFlow logs in as {@code cloud}
 * with a password, as a management server does.
 */
public final class LabCloudDatabase implements AutoCloseable {

  public static final String USER = "cloud";

  private final LabDatabaseServer server;
  private final String seed;
  private final String usageSeed;
  private final String password;

  private LabCloudDatabase(LabDatabaseServer server, String seed, String usageSeed, String password) {
    this.server = server;
    this.seed = seed;
    this.usageSeed = usageSeed;
    this.password = password;
  }

  public static LabCloudDatabase start(LabDatabaseServers servers, EstateDefinition def, LabProperties props) {
    LabDatabaseServer server;
    try {
      server = servers.start(def.id(), props.dir().resolve("mariadb"));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the lab database of " + def.id() + ": " + e.getMessage(), e);
    }
    LabCloudDatabase db = new LabCloudDatabase(server, LabCloudSchema.cloud(def, props.kvmHostsPerOs()),
        LabCloudSchema.cloudUsage(def), "Cloud-" + def.id() + "-pw");
    try {
      db.createUser();
      db.reset();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return db;
  }

  /** Seeds given explicitly (tests load one release after another into one server). */
  public static LabCloudDatabase on(LabDatabaseServer server, EstateDefinition def, int kvmHostsPerOs) {
    LabCloudDatabase db = new LabCloudDatabase(server, LabCloudSchema.cloud(def, kvmHostsPerOs),
        LabCloudSchema.cloudUsage(def), "Cloud-" + def.id() + "-pw");
    db.createUser();
    db.reset();
    return db;
  }

  public DatabaseEndpoint endpoint() {
    return new DatabaseEndpoint(server.host(), server.port(), USER, Secret.of(password));
  }

  public LabDatabaseServer server() {
    return server;
  }

  private void createUser() {
    try (Connection c = server.adminConnection("mysql"); Statement s = c.createStatement()) {
      s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + password + "'");
      s.execute("ALTER USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "'");
      s.execute("GRANT ALL ON `cloud`.* TO '" + USER + "'@'%'");
      s.execute("GRANT ALL ON `cloud_usage`.* TO '" + USER + "'@'%'");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create the cloud user on the lab database: " + e.getMessage(), e);
    }
  }

  /** Drops and reloads {@code cloud} and {@code cloud_usage}: the initial rows again. */
  public synchronized void reset() {
    try (Connection c = server.adminConnection("mysql"); Statement s = c.createStatement()) {
      for (String schema : new String[] {"cloud", "cloud_usage"}) {
        s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
        s.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8");
      }
      s.execute("USE `cloud`");
      s.execute(seed);
      s.execute("USE `cloud_usage`");
      s.execute(usageSeed);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot seed the lab cloud database: " + e.getMessage(), e);
    }
  }

  /** The {@code version} row with the highest id whose step is Complete. */
  public Optional<String> currentVersion() {
    try (Connection c = server.adminConnection("cloud");
        PreparedStatement ps = c.prepareStatement(
            "SELECT version FROM version WHERE step = 'Complete' ORDER BY id DESC LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
