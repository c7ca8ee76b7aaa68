package org.upgradeflow.remote;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.SshCredentials;

/**
 * A real Debian OpenSSH {@code sshd} on a free loopback port, for one test class:
 * {@code @RegisterExtension static final OpenSshServer sshd = new OpenSshServer();}.
 * Host keys (ed25519, rsa) and a client key are made with ssh-keygen. Without sshd the class is
 * skipped locally and fails when {@code CI} is set, so CI never skips silently.
 */
public final class OpenSshServer implements BeforeAllCallback, AfterAllCallback {

  static final Path SSHD = Path.of("/usr/sbin/sshd");

  private Path dir;
  private int port;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!Files.isExecutable(SSHD) || !Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
      String why = "OpenSSH server not installed (" + SSHD + "); install openssh-server";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    dir = Files.createTempDirectory("upgradeflow-sshd");
    keygen("ed25519", dir.resolve("host_ed25519"));
    keygen("rsa", dir.resolve("host_rsa"));
    keygen("ed25519", dir.resolve("client_ed25519"));
    Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
    Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory of Debian's sshd
    port = freePort();
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + dir.resolve("host_ed25519"),
        "HostKey " + dir.resolve("host_rsa"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "StrictModes no",
        "PermitRootLogin yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "PidFile " + dir.resolve("sshd.pid"),
        "MaxStartups 100",
        "MaxSessions 100",
        "Subsystem sftp internal-sftp",
        ""));
    start();
  }

  private void start() throws Exception {
    process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          fail("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(100);
      }
    }
  }

  /** Ends every client connection (the per-connection sshd children), keeping the server up. */
  public void dropConnections() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      dropConnections();
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  public int port() {
    return port;
  }

  public String user() {
    return System.getProperty("user.name");
  }

  public Path clientKey() {
    return dir.resolve("client_ed25519");
  }

  /** The host's public key line ("ssh-ed25519 AAAA..."), type "ed25519" or "rsa". */
  public String hostKey(String type) throws IOException {
    String[] parts = Files.readString(dir.resolve("host_" + type + ".pub")).trim().split("\\s+");
    return parts[0] + " " + parts[1];
  }

  /** The key's fingerprint as ssh-keygen prints it (SHA256:...). */
  public String fingerprint(String type) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f",
        dir.resolve("host_" + type + ".pub").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out.trim().split("\\s+")[1];
  }

  /** Writes a known_hosts file listing the server (as [127.0.0.1]:port) with the given key types. */
  public Path writeKnownHosts(Path file, String... types) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String type : types) {
      lines.add("[127.0.0.1]:" + port + " " + hostKey(type));
    }
    Files.write(file, lines);
    return file;
  }

  public RemoteTarget target(String name, Path knownHosts) {
    return new RemoteTarget(new Host(name, "127.0.0.1", port, HostRole.MANAGEMENT_SERVER, OsFamily.UBUNTU,
        new SshCredentials(user(), clientKey(), null)), knownHosts);
  }

  static void keygen(String type, Path file) throws Exception {
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "upgradeflow-test",
        "-f", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("ssh-keygen failed: " + out);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
