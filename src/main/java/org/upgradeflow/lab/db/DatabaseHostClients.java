package org.upgradeflow.lab.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHost;

/**
 * {@code mysqldump} and {@code mysql} (and MariaDB's names for them) on an estate's database
 * host, for real: they run the lab database server's own client programs against the estate's
 * server, so a dump is a real, restorable dump and a restore really replaces the rows.
 *
 * <p>The host's files live in the lab's in-memory file system, which the real programs cannot
 * open, so the behaviour carries them across: an option file named by
 * {@code --defaults-extra-file} / {@code --defaults-file} is copied to a private temporary file
 * (mode 0600, deleted afterwards), {@code --result-file} (or {@code -r}) is written by the
 * behaviour from the client's output, and standard input and output are the command's own
 * (redirections included). The server is the one "on this host": its address is given after
 * the option file, as a local client would reach it. Other options pass through unchanged.
 */
public final class DatabaseHostClients {

  private final LabDatabaseServer server;

  private DatabaseHostClients(LabDatabaseServer server) {
    this.server = server;
  }

  /** Registers the clients on the estate's database hosts when its server has client programs. */
  public static void install(LabEstate estate) {
    Optional<LabDatabaseServer> server = estate.database().map(LabCloudDatabase::server);
    if (server.isEmpty()) {
      return;
    }
    DatabaseHostClients clients = new DatabaseHostClients(server.get());
    LabCommand dump = ctx -> clients.run(ctx, "mariadb-dump", true);
    LabCommand client = ctx -> clients.run(ctx, "mariadb", false);
    estate.environment().hosts(HostRole.DATABASE_HOST).forEach(h -> {
      LabHost host = estate.host(h.name());
      host.commands().register("mysqldump", dump).register("mariadb-dump", dump)
          .register("mysql", client).register("mariadb", client);
    });
  }

  private int run(CommandContext ctx, String programName, boolean dump) throws Exception {
    Optional<Path> program = server.clientProgram(programName);
    if (program.isEmpty()) {
      return ctx.fail(127, "command not found (the lab database server has no " + programName + ")");
    }
    List<Path> temporary = new ArrayList<>();
    try {
      List<String> command = new ArrayList<>();
      command.add(program.get().toString());
      Path resultFile = null;
      List<String> args = ctx.args();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.startsWith("--defaults-extra-file=") || a.startsWith("--defaults-file=")) {
          String option = a.substring(0, a.indexOf('=') + 1);
          Path labFile = ctx.path(a.substring(option.length()));
          if (!Files.isRegularFile(labFile)) {
            return ctx.fail(1, "Could not open required defaults file: " + labFile);
          }
          Path copy = Files.createTempFile("lab-my-", ".cnf",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          temporary.add(copy);
          Files.write(copy, Files.readAllBytes(labFile));
          command.add(option + copy);
        } else if (dump && a.startsWith("--result-file=")) {
          resultFile = ctx.path(a.substring("--result-file=".length()));
        } else if (dump && a.equals("-r") && i + 1 < args.size()) {
          resultFile = ctx.path(args.get(++i));
        } else {
          addServerAddressOnce(command);
          command.add(a);
        }
      }
      addServerAddressOnce(command);
      if (dump || changes(args)) {
        ctx.stateChanged();
      }
      return execute(ctx, command, resultFile, !dump);
    } finally {
      for (Path p : temporary) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The option files come first (the clients ignore them elsewhere); the address of "this
   * host's" server right after them, before the caller's own options.
   */
  private void addServerAddressOnce(List<String> command) {
    if (command.stream().noneMatch(a -> a.startsWith("--port="))) {
      command.add("--protocol=TCP");
      command.add("--host=" + server.host());
      command.add("--port=" + server.port());
    }
  }

  /** A {@code mysql -e} of SHOW/SELECT only reads; anything else (or a script on stdin) may write. */
  private static boolean changes(List<String> args) {
    int e = args.indexOf("-e");
    if (e >= 0 && e + 1 < args.size()) {
      String sql = args.get(e + 1).strip().toUpperCase(Locale.ROOT);
      return !(sql.startsWith("SELECT") || sql.startsWith("SHOW"));
    }
    return true;
  }

  private static int execute(CommandContext ctx, List<String> command, Path resultFile, boolean feedStdin)
      throws Exception {
    Process process = new ProcessBuilder(command).start();
    Thread in = null;
    if (feedStdin) {
      in = daemon(() -> pump(ctx.in(), process.getOutputStream(), true));
    } else {
      process.getOutputStream().close();
    }
    Thread err = daemon(() -> pump(process.getErrorStream(), ctx.err(), false));
    try (OutputStream out = resultFile == null ? null : Files.newOutputStream(resultFile)) {
      pump(process.getInputStream(), out == null ? ctx.out() : out, false);
      int code = process.waitFor();
      err.join();
      return code;
    } catch (InterruptedException | UncheckedIOException e) {
      process.destroyForcibly();
      throw e;
    } finally {
      if (in != null) {
        in.interrupt();
      }
    }
  }

  private static void pump(InputStream from, OutputStream to, boolean closeTo) {
    byte[] buffer = new byte[65536];
    try {
      int n;
      while ((n = from.read(buffer)) >= 0) {
        to.write(buffer, 0, n);
      }
      to.flush();
    } catch (IOException e) {
      if (!closeTo) {
        throw new UncheckedIOException(e);
      }
    } finally {
      if (closeTo) {
        try {
          to.close();
        } catch (IOException ignored) {
          // the client has exited; nothing left to feed
        }
      }
    }
  }

  private static Thread daemon(Runnable task) {
    Thread t = new Thread(task, "lab-db-client");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
