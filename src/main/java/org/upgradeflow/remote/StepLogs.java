package org.upgradeflow.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names and creates step log files: {@code <time>-<host>-<n>.log} (stdout, with a header) and
 * {@code .stderr.log}. Names hold host and time only, never a command or its values.
 */
final class StepLogs {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final Path dir;
  private final AtomicLong seq = new AtomicLong();

  StepLogs(Path dir) {
    this.dir = dir;
  }

  /** Base path (without extension) of a new step log for the host. */
  Path next(String hostName) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new RemoteShellException("cannot create step log directory " + dir, e);
    }
    String safeHost = hostName.replaceAll("[^A-Za-z0-9._-]", "_");
    return dir.resolve(LocalDateTime.now().format(TIME) + "-" + safeHost + "-" + seq.incrementAndGet());
  }

  static Path stdout(Path base) {
    return base.resolveSibling(base.getFileName() + ".log");
  }

  static Path stderr(Path base) {
    return base.resolveSibling(base.getFileName() + ".stderr.log");
  }
}
