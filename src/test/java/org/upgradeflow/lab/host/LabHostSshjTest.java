package org.upgradeflow.lab.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.userauth.UserAuthException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.environment.OsFamily;

/**
 * sshj (the client UpgradeFlow uses) against a lab host, verifying host keys with the lab's
 * known_hosts: password login, SFTP both ways, digests, journal, reset, faults, a pty prompt.
 */
class LabHostSshjTest {

  @TempDir
  static Path labDir;
  static LabHostFleet fleet;
  static LabHost host;

  record Result(Integer exitCode, String out, String err) {
  }

  @BeforeAll
  static void startHost() {
    fleet = new LabHostFleet(labDir);
    host = fleet.start(LabHostSpec.builder("um1", OsFamily.PHOTON).login("root", "vmware").time(new LabTime(0.01))
        .file("/opt/vmware/cloudusagemetering/version", "4.4.0.0\n").build());
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @BeforeEach
  void reset() {
    host.reset();
  }

  static SSHClient connect() throws IOException {
    SSHClient ssh = new SSHClient();
    ssh.addHostKeyVerifier(new OpenSSHKnownHosts(fleet.knownHostsFile().toFile()));
    ssh.setConnectTimeout(30_000);
    ssh.connect(host.address(), host.port());
    ssh.authPublickey("root", ssh.loadKeys(fleet.clientKeyFile().toString()));
    return ssh;
  }

  static Result exec(SSHClient ssh, String line) throws IOException {
    try (Session session = ssh.startSession()) {
      Session.Command cmd = session.exec(line);
      String out = IOUtils.readFully(cmd.getInputStream()).toString(StandardCharsets.UTF_8);
      String err = IOUtils.readFully(cmd.getErrorStream()).toString(StandardCharsets.UTF_8);
      cmd.join(60, TimeUnit.SECONDS);
      return new Result(cmd.getExitStatus(), out, err);
    }
  }

  @Test
  void passwordLoginWorksAndAWrongPasswordIsRefused() throws Exception {
    try (SSHClient ssh = new SSHClient()) {
      ssh.addHostKeyVerifier(new OpenSSHKnownHosts(fleet.knownHostsFile().toFile()));
      ssh.connect(host.address(), host.port());
      ssh.authPassword("root", "vmware");
      assertThat(exec(ssh, "id -u")).isEqualTo(new Result(0, "0\n", ""));
    }
    try (SSHClient ssh = new SSHClient()) {
      ssh.addHostKeyVerifier(new OpenSSHKnownHosts(fleet.knownHostsFile().toFile()));
      ssh.connect(host.address(), host.port());
      assertThatThrownBy(() -> ssh.authPassword("root", "wrong")).isInstanceOf(UserAuthException.class);
    }
  }

  @Test
  void sftpWritesAreSeenByCommandsAndCommandWritesBySftp() throws Exception {
    try (SSHClient ssh = connect(); SFTPClient sftp = ssh.newSFTPClient()) {
      try (RemoteFile f = sftp.open("/etc/sysconfig/proxy-new",
          EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC))) {
        fail("parent does not exist yet");
      } catch (IOException expected) {
        // no /etc/sysconfig on a fresh host
      }
      sftp.mkdirs("/etc/sysconfig");
      byte[] content = "PROXY_ENABLED=\"yes\"\n".getBytes(StandardCharsets.UTF_8);
      try (RemoteFile f = sftp.open("/etc/sysconfig/proxy", EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC));
          OutputStream out = f.new RemoteFileOutputStream()) {
        out.write(content);
      }
      assertThat(exec(ssh, "cat '/etc/sysconfig/proxy'").out()).isEqualTo("PROXY_ENABLED=\"yes\"\n");
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      assertThat(exec(ssh, "sha256sum '/etc/sysconfig/proxy'").out()).isEqualTo(sha + "  /etc/sysconfig/proxy\n");

      exec(ssh, "cd '/opt/vmware/cloudusagemetering' && printf '%s\\n' 'Running' > 'status'");
      try (RemoteFile f = sftp.open("/opt/vmware/cloudusagemetering/status"); InputStream in = f.new RemoteFileInputStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Running\n");
      }
    }
    assertThat(host.state().journal().commands())
        .contains("sftp write /etc/sysconfig/proxy",
            "cd '/opt/vmware/cloudusagemetering' && printf '%s\\n' 'Running' > 'status'");
  }

  private static void fail(String message) {
    throw new AssertionError(message);
  }

  @Test
  void resetRestoresFilesChangedOverSftpAndEmptiesTheJournal() throws Exception {
    try (SSHClient ssh = connect(); SFTPClient sftp = ssh.newSFTPClient()) {
      sftp.rm("/opt/vmware/cloudusagemetering/version");
      sftp.mkdir("/root/upgrade");
    }
    assertThat(host.state().journal().entries()).isNotEmpty();
    host.reset();
    assertThat(Files.readString(host.state().path("/opt/vmware/cloudusagemetering/version"))).isEqualTo("4.4.0.0\n");
    assertThat(host.state().path("/root/upgrade")).doesNotExist();
    assertThat(host.state().journal().entries()).isEmpty();
    try (SSHClient ssh = connect()) {
      assertThat(exec(ssh, "cat '/opt/vmware/cloudusagemetering/version'").out()).isEqualTo("4.4.0.0\n");
    }
  }

  @Test
  void injectedFailureReplacesTheCommandForTheGivenNumberOfRuns() throws Exception {
    host.state().faults().inject(FaultMatcher.program("systemctl"), Fault.fail(5, "Failed to stop sshd.service: Access denied"), 1);
    host.commands().register("systemctl", ctx -> 0);
    try (SSHClient ssh = connect()) {
      assertThat(exec(ssh, "systemctl stop 'sshd'"))
          .isEqualTo(new Result(5, "", "Failed to stop sshd.service: Access denied\n"));
      assertThat(exec(ssh, "systemctl stop 'sshd'").exitCode()).isZero();
    }
  }

  @Test
  void hangingCommandNeverAnswersAndTheHostStaysUsable() throws Exception {
    host.state().faults().inject(FaultMatcher.program("status.sh"), Fault.hang());
    try (SSHClient ssh = connect()) {
      try (Session session = ssh.startSession()) {
        Session.Command cmd = session.exec("bash '/opt/vmware/cloudusagemetering/scripts/status.sh'");
        // the client gives up waiting; closing the session closes the channel under the command
        assertThatThrownBy(() -> cmd.join(2, TimeUnit.SECONDS)).isInstanceOf(ConnectionException.class);
        assertThat(cmd.getExitStatus()).isNull();
      }
      assertThat(exec(ssh, "echo 'still here'").out()).isEqualTo("still here\n");
    }
  }

  @Test
  void droppedConnectionEndsTheSessionWithoutExitStatus() throws Exception {
    host.state().faults().inject(FaultMatcher.commandContains("upgrade-um.sh"), Fault.drop(), 1);
    SSHClient ssh = connect();
    try (Session session = ssh.startSession()) {
      Session.Command cmd = session.exec("bash '/root/upgrade/upgrade-um.sh'");
      IOUtils.readFully(cmd.getInputStream());
      await().atMost(Duration.ofSeconds(60)).until(() -> !ssh.isConnected());
      assertThat(cmd.getExitStatus()).isNull();
    } catch (IOException expected) {
      // closing a session on a dead connection may fail; the connection is what matters
    } finally {
      ssh.close();
    }
    assertThat(ssh.isConnected()).isFalse();
    try (SSHClient again = connect()) {
      assertThat(exec(again, "bash '/root/upgrade/upgrade-um.sh'").exitCode()).isEqualTo(127);
    }
  }

  @Test
  void interactivePromptOverAPty() throws Exception {
    host.commands().register("/root/upgrade/upgrade-um.sh", ctx -> {
      ctx.print("Has a snapshot of the vCloud Usage Meter appliance VM been created? (y/n):");
      String answer = ctx.readLine();
      ctx.print("\nanswer " + answer + (ctx.pty() ? " on a pty" : "") + "\n");
      return answer.equals("y") ? 0 : 1;
    });
    host.state().fileSystem().provider().createDirectory(host.state().path("/root/upgrade"));
    Files.writeString(host.state().path("/root/upgrade/upgrade-um.sh"), "#!/bin/bash\n");
    try (SSHClient ssh = connect(); Session session = ssh.startSession()) {
      session.allocateDefaultPTY();
      Session.Command cmd = session.exec("bash '/root/upgrade/upgrade-um.sh'");
      InputStream out = cmd.getInputStream();
      StringBuilder seen = new StringBuilder();
      while (!seen.toString().endsWith("(y/n):")) {
        int b = out.read();
        assertThat(b).isNotNegative();
        seen.append((char) b);
      }
      cmd.getOutputStream().write("y\n".getBytes(StandardCharsets.UTF_8));
      cmd.getOutputStream().flush();
      String rest = IOUtils.readFully(out).toString(StandardCharsets.UTF_8);
      cmd.join(60, TimeUnit.SECONDS);
      assertThat(rest).isEqualTo("\nanswer y on a pty\n");
      assertThat(cmd.getExitStatus()).isZero();
    }
  }
}
