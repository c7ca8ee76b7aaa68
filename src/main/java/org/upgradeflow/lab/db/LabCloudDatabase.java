package org.upgradeflow.lab.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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
  /** The estate's own databases; the server's others (mysql, information_schema) stay out of the lab API. */
  public static final List<String> SCHEMAS = List.of("cloud", "cloud_usage");

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

  /**
   * Every row of {@code table} in {@code schema} (one of {@link #SCHEMAS}), column name to value
   * (numbers and booleans as they are, other values as text), in primary-key order. The table
   * name must be one the schema has, so nothing but a known name reaches the SQL.
   *
   * @throws IllegalArgumentException naming {@code database} or {@code table} and what was expected
   */
  public List<Map<String, Object>> rows(String schema, String table) throws SQLException {
    if (!SCHEMAS.contains(schema)) {
      throw new IllegalArgumentException("database must be one of " + SCHEMAS + ", got '" + schema + "'");
    }
    try (Connection c = server.adminConnection(schema)) {
      TreeSet<String> tables = new TreeSet<>();
      try (ResultSet rs = c.getMetaData().getTables(schema, null, "%", new String[] {"TABLE", "VIEW"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      String known = tables.contains(table) ? table : null;
      if (known == null) {
        throw new IllegalArgumentException("table must be a table of " + schema + ", got '" + table + "'; tables: "
            + tables);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM `" + known + "` ORDER BY 1")) {
        var meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            row.put(meta.getColumnLabel(i), v == null || v instanceof Number || v instanceof Boolean ? v : rs.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
