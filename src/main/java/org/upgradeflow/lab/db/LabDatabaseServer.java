package org.upgradeflow.lab.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** A running MySQL-compatible server of the lab, reached over TCP on the loopback. */
public interface LabDatabaseServer extends AutoCloseable {

  String host();

  int port();

  /** An all-privileges connection (multi-statement allowed) for seeding; never UpgradeFlow's own. */
  Connection adminConnection(String database) throws SQLException;

  /**
   * A client program of this server's distribution on the machine running the lab
   * ({@code mariadb-dump}, {@code mariadb}), for the database host's {@code mysqldump} and
   * {@code mysql}; empty when the implementation has none.
   */
  default Optional<Path> clientProgram(String name) {
    return Optional.empty();
  }

  @Override
  void close();
}
