package org.upgradeflow.remote;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one command in its own session: both streams drained while it runs, bounded in memory. */
final class CommandRunner {

  private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

  private final Sessions sessions;
  private final StepLogs stepLogs;
  private final ExecutorService drains;
  private final int maxOutputBytes;

  CommandRunner(Sessions sessions, StepLogs stepLogs, ExecutorService drains, int maxOutputBytes) {
    this.sessions = sessions;
    this.stepLogs = stepLogs;
    this.drains = drains;
    this.maxOutputBytes = maxOutputBytes;
  }

  ExecResult run(RemoteTarget target, ShellCommand command, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Path base = stepLogs.next(target.name());
    Path outLog = StepLogs.stdout(base);
    Path errLog = StepLogs.stderr(base);
    BoundedCapture out = new BoundedCapture(maxOutputBytes);
    BoundedCapture err = new BoundedCapture(maxOutputBytes);
    Session session = sessions.session(target);
    Future<?> outDrain = null;
    Future<?> errDrain = null;
    boolean timedOut = false;
    try (OutputStream outFile = new BufferedOutputStream(Files.newOutputStream(outLog));
        OutputStream errFile = new BufferedOutputStream(Files.newOutputStream(errLog))) {
      try {
        Session.Command cmd = session.exec(command.render());
        outDrain = drains.submit(() -> copy(cmd.getInputStream(), out, outFile));
        errDrain = drains.submit(() -> copy(cmd.getErrorStream(), err, errFile));
        try {
          outDrain.get(remaining(deadline), TimeUnit.NANOSECONDS);
          errDrain.get(remaining(deadline), TimeUnit.NANOSECONDS);
          cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ConnectionException e) {
          if (e instanceof ConnectionException && System.nanoTime() < deadline) {
            throw new RemoteShellException("connection lost while running on " + target.name()
                + ": " + command, e);
          }
          kill(cmd);
          timedOut = true;
          throw new CommandTimeoutException(target, command, timeout);
        }
        Integer status = cmd.getExitStatus();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int exit = status != null ? status : -1;
        log.info("{}: exit {} after {} ms: {} (log {})", target.name(), exit, took.toMillis(),
            command, outLog.getFileName());
        return new ExecResult(target.name(), command.toString(), exit, out.text(), err.text(),
            out.total(), err.total(), out.truncated() || err.truncated(), took, outLog, errLog);
      } finally {
        if (timedOut) {
          // a killed shell's children may keep the channel open until the server gives up on it:
          // close it in the background so the caller (a job) is not held; the connection stays usable
          drains.submit(() -> Sessions.closeQuietly(session));
          cancel(outDrain);
          cancel(errDrain);
        } else {
          Sessions.closeQuietly(session);
          // the session is closed, so the drains end; wait so the log files are complete
          awaitQuietly(outDrain);
          awaitQuietly(errDrain);
        }
      }
    } catch (IOException e) {
      throw new RemoteShellException("running on " + target.name() + " failed: " + command, e);
    } catch (ExecutionException e) {
      throw new RemoteShellException("reading the output on " + target.name() + " failed: "
          + command, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteShellException("interrupted while running on " + target.name() + ": " + command);
    }
  }

  private static long remaining(long deadline) throws TimeoutException {
    long r = deadline - System.nanoTime();
    if (r <= 0) {
      throw new TimeoutException();
    }
    return r;
  }

  private static Void copy(InputStream in, OutputStream capture, OutputStream file) throws IOException {
    byte[] buf = new byte[32 * 1024];
    for (int n; (n = in.read(buf)) >= 0; ) {
      capture.write(buf, 0, n);
      file.write(buf, 0, n);
    }
    return null;
  }

  private static void kill(Session.Command cmd) {
    try {
      // OpenSSH honours signal requests (7.9+); closing the session follows anyway
      cmd.signal(Signal.KILL);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private static void cancel(Future<?> drain) {
    if (drain != null) {
      drain.cancel(true);
    }
  }

  private static void awaitQuietly(Future<?> drain) {
    if (drain == null) {
      return;
    }
    try {
      drain.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
      drain.cancel(true);
    }
  }
}
