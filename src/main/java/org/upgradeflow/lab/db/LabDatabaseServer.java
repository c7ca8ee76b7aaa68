package org.upgradeflow.lab.db;

import java.sql.Connection;
import java.sql.SQLException;

/** A running MySQL-compatible server of the lab, reached over TCP on the loopback. */
public interface LabDatabaseServer extends AutoCloseable {

  String host();

  int port();

  /** An all-privileges connection (multi-statement allowed) for seeding; never UpgradeFlow's own. */
  Connection adminConnection(String database) throws SQLException;

  @Override
  void close();
}
