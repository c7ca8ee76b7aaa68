package org.upgradeflow.remote;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.environment.SshCredentials;

/**
 * An Apache MINA SSHD server on a free loopback port: password and key login, commands run
 * with {@code /bin/sh -c}, SFTP on the real file system. It can drop all sessions and simulate
 * a reboot (down, then up again on the same port with the same host key).
 */
public final class EmbeddedSshServer implements BeforeAllCallback, AfterAllCallback {

  public static final String USER = "upgrade";
  public static final String PASSWORD = "s3cret-Pa55";

  private Path dir;
  private KeyPair clientKey;
  private SshServer server;
  private int port;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("upgradeflow-mina");
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    clientKey = gen.generateKeyPair();
    try (OutputStream out = Files.newOutputStream(dir.resolve("client_rsa"))) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "test", null, out);
    }
    start(0);
  }

  private void start(int onPort) throws IOException {
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(onPort);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("hostkey.ser")));
    server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
    server.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("test", List.of(clientKey.getPublic())));
    server.setCommandFactory((channel, command) ->
        new ProcessShellFactory(command, "/bin/sh", "-c", command).createShell(channel));
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    server.setFileSystemFactory(NativeFileSystemFactory.INSTANCE);
    server.start();
    port = server.getPort();
  }

  public int activeSessions() {
    return server.getActiveSessions().size();
  }

  /** Closes every session at once, as a network failure would. */
  public void dropConnections() {
    server.getActiveSessions().forEach(s -> s.close(true));
  }

  /**
   * Stops the server, refuses the next {@code refusals} connection attempts on its port (a
   * host that is down), then starts it again: a reboot a poller cannot miss.
   */
  public void reboot(int refusals) throws Exception {
    server.stop(true);
    try (ServerSocket down = new ServerSocket()) {
      down.setReuseAddress(true);
      down.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      for (int i = 0; i < refusals; i++) {
        try (Socket s = down.accept()) {
          // closed at once: the probe sees a dead host
        }
      }
    }
    start(port);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.stop(true);
    }
  }

  public int port() {
    return port;
  }

  public Path clientKeyFile() {
    return dir.resolve("client_rsa");
  }

  public String hostKeyLine() throws Exception {
    PublicKey key = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    return PublicKeyEntry.toString(key);
  }

  public Path writeKnownHosts(Path file) throws Exception {
    Files.writeString(file, "[127.0.0.1]:" + port + " " + hostKeyLine() + "\n");
    return file;
  }

  public RemoteTarget passwordTarget(String name, Path knownHosts) {
    return new RemoteTarget(new Host(name, "127.0.0.1", port, HostRole.USAGE_METER_APPLIANCE, OsFamily.PHOTON,
        new SshCredentials(USER, null, Secret.of(PASSWORD))), knownHosts);
  }

  public RemoteTarget keyTarget(String name, Path knownHosts) {
    return new RemoteTarget(new Host(name, "127.0.0.1", port, HostRole.USAGE_METER_APPLIANCE, OsFamily.PHOTON,
        new SshCredentials(USER, clientKeyFile(), null)), knownHosts);
  }

  public RemoteTarget wrongPasswordTarget(String name, Path knownHosts) {
    return new RemoteTarget(new Host(name, "127.0.0.1", port, HostRole.USAGE_METER_APPLIANCE, OsFamily.PHOTON,
        new SshCredentials(USER, null, Secret.of("wrong-" + PASSWORD))), knownHosts);
  }

}
