package org.upgradeflow.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import com.hierynomus.sshj.key.KeyAlgorithm;
import com.hierynomus.sshj.key.KeyAlgorithms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.environment.SshCredentials;

/** One authenticated connection per target, reopened when it has dropped. */
final class SshConnections implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SshConnections.class);

  private final SshProperties props;
  private final Map<String, SSHClient> pool = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  SshConnections(SshProperties props) {
    this.props = props;
  }

  /** The shared connection of the target, connected and authenticated. */
  SSHClient get(RemoteTarget target) {
    String key = target.connectionKey();
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      SSHClient client = pool.get(key);
      if (client != null && client.isConnected() && client.isAuthenticated()) {
        return client;
      }
      if (client != null) {
        log.info("connection to {} dropped; reconnecting", target);
        closeQuietly(client);
        pool.remove(key);
      }
      client = open(target);
      pool.put(key, client);
      return client;
    }
  }

  /** Forget the connection when it is the one that failed, so the next call reconnects. */
  void invalidate(RemoteTarget target, SSHClient failed) {
    if (pool.remove(target.connectionKey(), failed)) {
      closeQuietly(failed);
    }
  }

  void invalidate(RemoteTarget target) {
    SSHClient c = pool.remove(target.connectionKey());
    if (c != null) {
      closeQuietly(c);
    }
  }

  /** A new connection outside the pool (probes); the caller closes it. */
  SSHClient open(RemoteTarget target) {
    String address = target.host().address();
    int port = target.host().port();
    KnownHostsVerifier verifier = KnownHostsVerifier.load(target.knownHosts(), target.name());
    SSHClient client = new SSHClient(config(verifier.knownKeyTypes(address, port)));
    client.addHostKeyVerifier(verifier);
    int timeoutMs = Math.toIntExact(props.connectTimeout().toMillis());
    client.setConnectTimeout(timeoutMs);
    client.getTransport().setTimeoutMs(timeoutMs);
    try {
      client.connect(address, port);
    } catch (IOException e) {
      closeQuietly(client);
      if (verifier.rejection() != null) {
        throw verifier.rejection();
      }
      throw new RemoteShellException("cannot connect to " + target + ": " + e, e);
    }
    client.getConnection().getKeepAlive()
        .setKeepAliveInterval((int) Math.max(1, props.keepAlive().toSeconds()));
    try {
      client.auth(target.host().ssh().user(), authMethods(client, target.host().ssh()));
    } catch (UserAuthException | TransportException e) {
      closeQuietly(client);
      // sshj's messages carry no credentials; still, say only who and where
      throw new RemoteShellException("authentication failed for " + target + ": " + e.getMessage(), e);
    } catch (IOException e) {
      closeQuietly(client);
      throw new RemoteShellException("authentication failed for " + target, e);
    }
    log.info("connected to {}", target);
    return client;
  }

  private static List<AuthMethod> authMethods(SSHClient client, SshCredentials creds)
      throws IOException {
    List<AuthMethod> methods = new ArrayList<>();
    if (creds.hasKey()) {
      methods.add(new AuthPublickey(client.loadKeys(creds.privateKey().toString())));
    }
    if (creds.password() != null) {
      methods.add(new AuthPassword(
          PasswordUtils.createOneOff(creds.password().reveal().toCharArray())));
    }
    if (methods.isEmpty()) {
      throw new UserAuthException("no key and no password configured");
    }
    return methods;
  }

  /**
   * Put the host key algorithms known_hosts lists for the host first. Otherwise a server with an
   * ed25519 key negotiates that one and a host listed only with its RSA key fails to verify.
   * Reordered, not limited: the same list serves client key authentication.
   */
  private static DefaultConfig config(Set<KeyType> known) {
    DefaultConfig config = new DefaultConfig();
    config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
    if (!known.isEmpty()) {
      List<Factory.Named<KeyAlgorithm>> first = new ArrayList<>();
      List<Factory.Named<KeyAlgorithm>> rest = new ArrayList<>();
      for (Factory.Named<KeyAlgorithm> f : config.getKeyAlgorithms()) {
        boolean listed = f instanceof KeyAlgorithms.Factory kf && known.contains(kf.getKeyType());
        (listed ? first : rest).add(f);
      }
      first.addAll(rest);
      config.setKeyAlgorithms(first);
    }
    return config;
  }

  static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      // closing a broken connection may fail; nothing to do about it
    }
  }

  @Override
  public void close() {
    pool.values().forEach(SshConnections::closeQuietly);
    pool.clear();
  }
}
