package org.upgradeflow.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Password and key login, drops and reboots against an embedded Apache MINA SSHD server. */
class EmbeddedSshRemoteShellTest {

  @RegisterExtension
  static final EmbeddedSshServer server = new EmbeddedSshServer();

  @TempDir
  Path tmp;

  SshjRemoteShell shell;
  Path knownHosts;

  @BeforeEach
  void setUp() throws Exception {
    shell = TestShells.shell(tmp);
    knownHosts = server.writeKnownHosts(tmp.resolve("known_hosts"));
  }

  @AfterEach
  void tearDown() {
    shell.close();
  }

  @Test
  void passwordLogin() {
    ExecResult r = shell.exec(server.passwordTarget("um-pw", knownHosts), ShellCommand.of("echo {}; exit 4",
        ShellArg.word("hello")));
    assertThat(r.stdout()).isEqualTo("hello\n");
    assertThat(r.exitStatus()).isEqualTo(4);
  }

  @Test
  void keyLogin() {
    assertThat(shell.exec(server.keyTarget("um-key", knownHosts), ShellCommand.of("echo ok")).stdout())
        .isEqualTo("ok\n");
  }

  @Test
  void aWrongPasswordFailsWithoutShowingIt() {
    assertThatThrownBy(() -> shell.exec(server.wrongPasswordTarget("um-bad", knownHosts), ShellCommand.of("true")))
        .isInstanceOf(RemoteShellException.class)
        .hasMessageContaining("authentication failed").hasMessageContaining("um-bad")
        .hasMessageNotContaining(EmbeddedSshServer.PASSWORD);
  }

  @Test
  void oneConnectionIsReusedAndReopenedAfterADrop() {
    RemoteTarget t = server.passwordTarget("um-drop", knownHosts);
    shell.exec(t, ShellCommand.of("true"));
    shell.exec(t, ShellCommand.of("true"));
    assertThat(server.activeSessions()).isEqualTo(1);
    server.dropConnections();
    assertThat(shell.exec(t, ShellCommand.of("echo back")).stdout()).isEqualTo("back\n");
  }

  @Test
  void sftpEditWorksOnTheEmbeddedServerToo() throws Exception {
    Path file = Files.writeString(tmp.resolve("agent.properties"),
        "resource=com.cloud.agent.resource.computing.LibvirtComputingResource\n");
    FileEdit e = shell.editFile(server.passwordTarget("um-sftp", knownHosts), file.toString(),
        s -> s.replace("com.cloud.agent.resource.computing.", "com.cloud.hypervisor.kvm.resource."));
    assertThat(e.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo("resource=com.cloud.hypervisor.kvm.resource.LibvirtComputingResource\n");
  }

  @Test
  void awaitRebootReturnsOnceTheHostWentDownAndCameBack() throws Exception {
    RemoteTarget t = server.passwordTarget("um-reboot", knownHosts);
    shell.exec(t, ShellCommand.of("true"));
    String bootBefore = shell.probe(t).bootId();
    CompletableFuture<HostProbe> back = CompletableFuture.supplyAsync(() -> shell.awaitReboot(t, bootBefore, Duration.ofMinutes(3)));
    server.reboot(2);
    HostProbe p = back.get(4, TimeUnit.MINUTES);
    assertThat(p.reachable()).isTrue();
    assertThat(shell.exec(t, ShellCommand.of("echo up")).stdout()).isEqualTo("up\n");
  }

  @Test
  void probeOfADeadPortSaysUnreachable() throws Exception {
    int dead = OpenSshServer.freePort();
    RemoteTarget t = new RemoteTarget(new org.upgradeflow.environment.Host("gone", "127.0.0.1", dead,
        org.upgradeflow.environment.HostRole.DATABASE_HOST, org.upgradeflow.environment.OsFamily.RHEL,
        new org.upgradeflow.environment.SshCredentials("root", null,
            org.upgradeflow.environment.Secret.of("x"))), knownHosts);
    HostProbe p = shell.probe(t);
    assertThat(p.reachable()).isFalse();
    assertThat(p.detail()).contains("gone");
  }
}
