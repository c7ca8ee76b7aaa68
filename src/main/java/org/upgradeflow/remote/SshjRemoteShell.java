package org.upgradeflow.remote;

import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link RemoteShell} on sshj. Public so that tests of other packages can run it against real
 * servers; production code depends on the interface.
 */
@Component
public final class SshjRemoteShell implements RemoteShell, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SshjRemoteShell.class);
  private static final ShellCommand BOOT_ID = ShellCommand.of("cat /proc/sys/kernel/random/boot_id");

  private final SshProperties props;
  private final SshConnections connections;
  private final ExecutorService streams;
  private final CommandRunner runner;
  private final PromptDriver prompts;
  private final RemoteFiles files;

  public SshjRemoteShell(SshProperties props) {
    this.props = Objects.requireNonNull(props);
    this.connections = new SshConnections(props);
    AtomicInteger n = new AtomicInteger();
    this.streams = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ssh-stream-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    Sessions sessions = new Sessions(connections);
    StepLogs stepLogs = new StepLogs(props.stepLogDir());
    this.runner = new CommandRunner(sessions, stepLogs, streams, props.maxOutputBytes());
    this.prompts = new PromptDriver(sessions, stepLogs, streams, props.maxOutputBytes());
    this.files = new RemoteFiles(sessions, runner, props.commandTimeout());
  }

  @Override
  public ExecResult exec(RemoteTarget target, ShellCommand command) {
    return exec(target, command, props.commandTimeout());
  }

  @Override
  public ExecResult exec(RemoteTarget target, ShellCommand command, Duration timeout) {
    return runner.run(target, command, timeout);
  }

  @Override
  public JobStart startJob(RemoteTarget target, String jobId, ShellCommand command) {
    ExecResult r = exec(target, DetachedJobs.start(props.jobRoot(), jobId, command)).requireSuccess();
    boolean started = r.stdout().strip().equals("started");
    if (!started && !r.stdout().strip().equals("already-started")) {
      throw new RemoteShellException("unexpected answer starting job " + jobId + " on "
          + target.name() + ": " + r.stdout().strip());
    }
    log.info("{}: job {} {}: {}", target.name(), jobId, started ? "started" : "was already started", command);
    return new JobStart(jobId, started, DetachedJobs.directory(props.jobRoot(), jobId));
  }

  @Override
  public JobStatus jobStatus(RemoteTarget target, String jobId, int tailLines) {
    ExecResult r = exec(target, DetachedJobs.status(props.jobRoot(), jobId, tailLines)).requireSuccess();
    return DetachedJobs.parseStatus(jobId, r.stdout());
  }

  @Override
  public InteractiveResult interact(RemoteTarget target, ShellCommand command, PromptScript script) {
    Duration timeout = script.timeout() != null ? script.timeout() : props.commandTimeout();
    return prompts.run(target, command, script, timeout);
  }

  @Override
  public String readFile(RemoteTarget target, String path) {
    return files.read(target, path);
  }

  @Override
  public FileEdit editFile(RemoteTarget target, String path, UnaryOperator<String> change) {
    return files.edit(target, path, change, false);
  }

  @Override
  public FileEdit writeFile(RemoteTarget target, String path, String content) {
    Objects.requireNonNull(content, "content");
    return files.edit(target, path, old -> content, true);
  }

  @Override
  public UploadResult upload(RemoteTarget target, Path localFile, String remotePath, Checksum checksum) {
    return files.upload(target, localFile, remotePath, checksum);
  }

  @Override
  public HostProbe probe(RemoteTarget target) {
    SSHClient client;
    try {
      client = connections.open(target);
    } catch (HostKeyRejectedException e) {
      throw e; // a host that comes back with another key is not "down"
    } catch (RemoteShellException e) {
      return new HostProbe(false, null, e.getMessage());
    }
    try (var session = client.startSession(); var cmd = session.exec(BOOT_ID.render())) {
      String out = new String(cmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      cmd.join(props.connectTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      String bootId = Integer.valueOf(0).equals(cmd.getExitStatus()) ? out.strip() : null;
      return new HostProbe(true, bootId, "reachable");
    } catch (java.io.IOException | IllegalStateException e) {
      return new HostProbe(false, null, target.name() + ": " + e);
    } finally {
      SshConnections.closeQuietly(client);
    }
  }

  @Override
  public HostProbe awaitReboot(RemoteTarget target, String bootIdBefore, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean sawDown = false;
    while (true) {
      HostProbe now = probe(target);
      if (!now.reachable()) {
        sawDown = true;
      } else if (sawDown || bootIdBefore != null && now.bootId() != null && !bootIdBefore.equals(now.bootId())) {
        connections.invalidate(target); // the shared connection died with the old boot
        log.info("{}: back after reboot (boot id {})", target.name(), now.bootId());
        return now;
      }
      if (System.nanoTime() >= deadline) {
        throw new RemoteShellException(target.name() + " did not " + (sawDown ? "come back" : "go down")
            + " within " + timeout);
      }
      sleep(props.rebootPoll());
    }
  }

  @Override
  public void disconnect(RemoteTarget target) {
    connections.invalidate(target);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteShellException("interrupted while waiting for a reboot");
    }
  }

  @PreDestroy
  @Override
  public void close() {
    connections.close();
    streams.shutdownNow();
  }
}
