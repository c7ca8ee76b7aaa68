package org.upgradeflow.lab.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.environment.SshCredentials;
import org.upgradeflow.lab.command.LabCommandRegistry;
import org.upgradeflow.lab.command.ShellInterpreter;

/**
 * A simulated host: an SSH server on 127.0.0.1 with its own port and ed25519 host key, exec
 * requests answered by the lab shell, SFTP over the host's in-memory filesystem. The port and
 * host key are fixed for the host's life, so a reboot or an unreachable spell ends with the
 * same {@code known_hosts} line still valid.
 */
public final class LabHost implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LabHost.class);
  private static final String ADDRESS = "127.0.0.1";

  private final LabHostState state;
  private final LabCommandRegistry commands;
  private final LabClientKey clientKey;
  private final KeyPair hostKey;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final ShellInterpreter interpreter;
  private volatile SshServer server;
  private int port;
  private boolean closed;
  private ScheduledFuture<?> pendingBoot;

  /**
   * @param commands the registry this host's own behaviours go into; it should be a child of
   *                 the OS family's registry
   */
  LabHost(LabHostSpec spec, LabCommandRegistry commands, LabClientKey clientKey, Clock clock) {
    this.commands = commands;
    this.clientKey = clientKey;
    this.executor = Executors.newCachedThreadPool(threads("lab-" + spec.name()));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("lab-" + spec.name() + "-power"));
    this.state = new LabHostState(spec, executor, clock);
    this.state.setRebooter(this::reboot);
    this.interpreter = new ShellInterpreter(state, commands);
    try {
      this.hostKey = KeyUtils.generateKeyPair(KeyPairTypes.ED25519, 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot generate a host key for lab host " + spec.name(), e);
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public String name() {
    return state.name();
  }

  /** The bound port; fixed after the first start. 0 before it. */
  public synchronized int port() {
    return port;
  }

  public String address() {
    return ADDRESS;
  }

  public LabHostState state() {
    return state;
  }

  /** This host's own command behaviours (fall back to its OS family's, then the built-ins). */
  public LabCommandRegistry commands() {
    return commands;
  }

  public PublicKey hostKey() {
    return hostKey.getPublic();
  }

  /** {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...} */
  public String knownHostsLine() {
    return "[" + ADDRESS + "]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  /** The host as an estate lists it, logging in with the lab key (and the lab password). */
  public Host inventoryHost(HostRole role) {
    return new Host(name(), ADDRESS, port(), role, state.os(),
        new SshCredentials(state.user(), clientKey.privateKeyFile(), Secret.of(state.password())));
  }

  /** Starts the SSH server: on a free port the first time, on the same port afterwards. */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("lab host " + name() + " is closed");
    }
    if (server != null) {
      return;
    }
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost(ADDRESS);
    sshd.setPort(port);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator((user, key, session) -> user.equals(state.user()) && clientKey.matches(key));
    sshd.setPasswordAuthenticator((user, password, session) ->
        user.equals(state.user()) && password.equals(state.password()));
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.addSessionListener(new SessionListener() {
      @Override
      public void sessionCreated(Session session) {
        if (!state.acceptsNewConnections()) {
          session.close(true); // sshd is stopped: the connection ends before the SSH banner
        }
      }
    });
    sshd.setCommandFactory((channel, commandLine) -> new LabExecCommand(commandLine, interpreter, executor));
    SftpSubsystemFactory sftp = new LabSftpSubsystemFactory();
    sftp.addSftpEventListener(new SftpJournal(state.journal()));
    sshd.setSubsystemFactories(List.of(sftp));
    sshd.setFileSystemFactory(new LabFileSystemFactory(state.fileSystem()));
    try {
      sshd.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start lab host " + name() + " on port " + port, e);
    }
    if (port == 0) {
      port = sshd.getBoundAddresses().stream()
          .map(a -> ((InetSocketAddress) a).getPort())
          .findFirst().orElseThrow();
    }
    server = sshd;
    log.info("Lab host {} ({}) listening on {}:{}", name(), state.os(), ADDRESS, port);
  }

  /** Stops accepting and drops every connection; the host's state stays. */
  private synchronized void stopServer() {
    if (server == null) {
      return;
    }
    try {
      server.stop(true);
    } catch (IOException e) {
      log.warn("Stopping lab host {}: {}", name(), e.getMessage());
    }
    server = null;
  }

  public boolean isUp() {
    SshServer s = server;
    return s != null && s.isStarted();
  }

  /**
   * Unreachable (false): the server stops, connections drop, new ones are refused. Reachable
   * (true): it listens again on the same port with the same key. Nothing else changes; this
   * is a network fault, not a reboot.
   */
  public synchronized void setReachable(boolean reachable) {
    cancelPendingBoot();
    if (reachable) {
      start();
    } else {
      stopServer();
    }
  }

  /**
   * Reboots without blocking the caller (which may be a command on this host): the server goes
   * down at once, background jobs die, and after {@code downTime} (lab time, used as given)
   * enabled services run, boot hooks run and the server listens again, same port, same key.
   */
  public void reboot(Duration downTime) {
    scheduler.execute(() -> {
      synchronized (this) {
        if (closed) {
          return;
        }
        cancelPendingBoot();
        try {
          state.shutDown();
        } catch (RuntimeException e) {
          log.warn("Shutdown hook of lab host {} failed", name(), e);
        }
        stopServer();
        state.processes().killAll();
        pendingBoot = scheduler.schedule(this::boot, downTime.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  /** Not synchronized while boot hooks run: a slow hook must not block readers of the host. */
  private void boot() {
    synchronized (this) {
      if (closed || pendingBoot == null) {
        return; // cancelled: reset, setReachable or close came first
      }
    }
    try {
      state.boot();
    } catch (RuntimeException e) {
      log.warn("Boot hook of lab host {} failed", name(), e);
    }
    synchronized (this) {
      if (!closed && pendingBoot != null) {
        pendingBoot = null;
        start();
      }
    }
  }

  private void cancelPendingBoot() {
    if (pendingBoot != null) {
      pendingBoot.cancel(false);
      pendingBoot = null;
    }
  }

  /** Back to the initial state (see {@link LabHostState#reset()}); the server is brought up if down. */
  public synchronized void reset() {
    cancelPendingBoot();
    state.reset();
    start();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    stopServer();
    closed = true;
    cancelPendingBoot();
    scheduler.shutdownNow();
    executor.shutdownNow();
    try {
      state.close();
    } catch (IOException e) {
      log.debug("Closing the filesystem of lab host {}", name(), e);
    }
  }

  /** For log lines and test names. */
  @Override
  public String toString() {
    return name() + "@" + ADDRESS + ":" + port;
  }

  Path clientKeyFile() {
    return clientKey.privateKeyFile();
  }
}
