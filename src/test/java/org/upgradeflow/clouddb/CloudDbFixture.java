package org.upgradeflow.clouddb;

import org.upgradeflow.testing.MariaDbServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Secret;

/**
 * JUnit 5 extension: a real MariaDB (shared by the whole run, see {@link MariaDbServer}) with
 * CloudStack-shaped schemas {@code cloud41} and {@code cloud42}, reloaded before every test so
 * writes never leak between tests. The adapter connects as {@value #USER}, a non-root user with
 * a password and grants on those schemas only.
 *
 * <pre>{@code @RegisterExtension static final CloudDbFixture db = new CloudDbFixture();}</pre>
 */
final class CloudDbFixture implements BeforeEachCallback {

  static final String CLOUD41 = "cloud41";
  static final String CLOUD42 = "cloud42";
  static final String USER = "cloudadapter";
  static final String PASSWORD = "Adapt3r-pw-9fQ";

  private static boolean userCreated;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    MariaDbServer server = MariaDbServer.get();
    try (Connection c = server.adminConnection("mysql"); Statement s = c.createStatement()) {
      synchronized (CloudDbFixture.class) {
        if (!userCreated) {
          s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD
              + "'");
          for (String schema : List.of(CLOUD41, CLOUD42)) {
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE, LOCK TABLES, SHOW VIEW, TRIGGER ON `"
                + schema + "`.* TO '" + USER + "'@'%'");
          }
          userCreated = true;
        }
      }
      load(s, CLOUD41, "clouddb/cloud-4.1.sql");
      load(s, CLOUD42, "clouddb/cloud-4.2.sql");
    }
  }

  private static void load(Statement s, String schema, String resource) throws SQLException {
    s.execute("DROP DATABASE IF EXISTS `" + schema + "`");
    s.execute("CREATE DATABASE `" + schema + "` CHARACTER SET utf8");
    s.execute("USE `" + schema + "`");
    s.execute(resource(resource));
  }

  static String resource(String name) {
    try (InputStream in = CloudDbFixture.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  DatabaseEndpoint endpoint() {
    return endpoint(PASSWORD);
  }

  DatabaseEndpoint endpoint(String password) {
    MariaDbServer server = MariaDbServer.get();
    return new DatabaseEndpoint(server.host(), server.port(), USER, Secret.of(password));
  }

  CloudDatabase database(String schema) {
    return new CloudDatabases(CloudDbProperties.defaults()).forEndpoint(endpoint(), schema);
  }

  /** Rows of a query as column-label maps, through the admin connection (not the adapter). */
  List<Map<String, Object>> rows(String schema, String sql, Object... args) {
    try (Connection c = MariaDbServer.get().adminConnection(schema);
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= columns; i++) {
            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One value of one row, or null. */
  Object value(String schema, String sql, Object... args) {
    List<Map<String, Object>> rows = rows(schema, sql, args);
    return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
  }

  void execute(String schema, String sql, Object... args) {
    try (Connection c = MariaDbServer.get().adminConnection(schema);
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
