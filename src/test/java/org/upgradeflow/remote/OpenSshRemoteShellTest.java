package org.upgradeflow.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.environment.Secret;

/** The adapter against a real Debian OpenSSH sshd. */
class OpenSshRemoteShellTest {

  @RegisterExtension
  static final OpenSshServer sshd = new OpenSshServer();

  @TempDir
  Path tmp;

  SshjRemoteShell shell;
  RemoteTarget target;

  @BeforeEach
  void setUp() throws IOException {
    shell = TestShells.shell(tmp);
    target = sshd.target("mgmt-1", sshd.writeKnownHosts(tmp.resolve("known_hosts"), "ed25519", "rsa"));
  }

  @AfterEach
  void tearDown() {
    shell.close();
  }

  @Test
  void keyLoginRunsACommandWithExitStatusStdoutAndStderr() {
    ExecResult r = shell.exec(target, ShellCommand.of("echo out; echo err >&2; exit {}", ShellArg.integer(3)));
    assertThat(r.exitStatus()).isEqualTo(3);
    assertThat(r.ok()).isFalse();
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.host()).isEqualTo("mgmt-1");
    assertThat(r.duration()).isNotNull();
    assertThatThrownBy(r::requireSuccess).hasMessageContaining("mgmt-1").hasMessageContaining("exited with 3");
  }

  @Test
  void anInjectionAttemptArrivesAsOneLiteralArgument() {
    String evil = "x'; rm -rf / #";
    ExecResult r = shell.exec(target, ShellCommand.of("printf '%s' {}", ShellArg.text(evil)));
    assertThat(r.stdout()).isEqualTo(evil);
    ExecResult count = shell.exec(target, ShellCommand.of("set -- {}; echo $#", ShellArg.text(evil)));
    assertThat(count.stdout()).isEqualTo("1\n");
  }

  @Test
  void aSecretReachesTheTargetButNotTheResultOrLogNames() throws IOException {
    ExecResult r = shell.exec(target, ShellCommand.of("printf '%s' {}", ShellArg.secret(Secret.of("Sup3r'Secret"))));
    assertThat(r.stdout()).isEqualTo("Sup3r'Secret");
    assertThat(r.command()).isEqualTo("printf '%s' ******");
    try (Stream<Path> logs = Files.list(tmp.resolve("step-logs"))) {
      assertThat(logs.map(p -> p.getFileName().toString())).allSatisfy(n -> assertThat(n).doesNotContain("Sup3r"));
    }
  }

  @Test
  void fiveMegabytesOfOutputDoNotHangAndStayBoundedInMemory() throws IOException {
    ExecResult r = shell.exec(target, ShellCommand.of(
        "(head -c 1048576 /dev/zero | tr '\\0' e >&2) & head -c 5242880 /dev/zero | tr '\\0' x; wait"));
    assertThat(r.exitStatus()).isZero();
    assertThat(r.stdoutBytes()).isEqualTo(5L * 1024 * 1024);
    assertThat(r.stderrBytes()).isEqualTo(1024L * 1024);
    assertThat(r.truncated()).isTrue();
    assertThat(r.stdout().length()).isLessThan(64 * 1024 + 200);
    assertThat(r.stdout()).startsWith("xxxx").endsWith("xxxx").contains("bytes omitted");
    assertThat(Files.size(r.stdoutLog())).isEqualTo(5L * 1024 * 1024);
    assertThat(Files.size(r.stderrLog())).isEqualTo(1024L * 1024);
  }

  @Test
  void aCommandOverItsTimeoutFailsNamingHostAndMaskedCommandAndTheConnectionStaysUsable() {
    assertThatThrownBy(() -> shell.exec(target,
        ShellCommand.of("sleep 120; echo {}", ShellArg.secret(Secret.of("topsecret"))), Duration.ofSeconds(2)))
        .isInstanceOf(CommandTimeoutException.class)
        .hasMessageContaining("mgmt-1").hasMessageContaining("sleep 120; echo ******")
        .hasMessageNotContaining("topsecret");
    assertThat(shell.exec(target, ShellCommand.of("echo still here")).stdout()).isEqualTo("still here\n");
  }

  @Test
  void aHostListedOnlyWithItsRsaKeyVerifies() throws IOException {
    RemoteTarget rsaOnly = sshd.target("mgmt-rsa", sshd.writeKnownHosts(tmp.resolve("kh_rsa"), "rsa"));
    assertThat(shell.exec(rsaOnly, ShellCommand.of("echo ok")).stdout()).isEqualTo("ok\n");
  }

  @Test
  void hashedKnownHostsEntriesVerify() throws Exception {
    Path kh = sshd.writeKnownHosts(tmp.resolve("kh_hashed"), "ed25519");
    Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", kh.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readString(kh)).startsWith("|1|");
    assertThat(shell.exec(sshd.target("mgmt-h", kh), ShellCommand.of("echo ok")).stdout()).isEqualTo("ok\n");
  }

  @Test
  void anUnknownHostIsRefusedNamingHostAndOfferedFingerprint() throws Exception {
    Path kh = Files.writeString(tmp.resolve("kh_other"), "[127.0.0.1]:1 " + sshd.hostKey("ed25519") + "\n");
    RemoteTarget unknown = sshd.target("mgmt-unknown", kh);
    String fingerprint = sshd.fingerprint("ed25519");
    assertThatThrownBy(() -> shell.exec(unknown, ShellCommand.of("echo no")))
        .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
          assertThat(e.changed()).isFalse();
          assertThat(e.fingerprint()).isEqualTo(fingerprint);
        })
        .hasMessageContaining("mgmt-unknown").hasMessageContaining(fingerprint);
  }

  @Test
  void aChangedHostKeyIsRefusedNamingHostAndOfferedFingerprint() throws Exception {
    Path other = tmp.resolve("other_ed25519");
    OpenSshServer.keygen("ed25519", other);
    String[] otherKey = Files.readString(other.resolveSibling("other_ed25519.pub")).trim().split("\\s+");
    Path kh = Files.writeString(tmp.resolve("kh_changed"),
        "[127.0.0.1]:" + sshd.port() + " " + otherKey[0] + " " + otherKey[1] + "\n");
    RemoteTarget changed = sshd.target("mgmt-changed", kh);
    String fingerprint = sshd.fingerprint("ed25519");
    assertThatThrownBy(() -> shell.exec(changed, ShellCommand.of("echo no")))
        .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> assertThat(e.changed()).isTrue())
        .hasMessageContaining("mgmt-changed").hasMessageContaining(fingerprint).hasMessageContaining("CHANGED");
  }

  @Test
  void aMissingKnownHostsFileIsRefused() {
    RemoteTarget none = sshd.target("mgmt-none", tmp.resolve("does-not-exist"));
    assertThatThrownBy(() -> shell.exec(none, ShellCommand.of("echo no")))
        .isInstanceOf(RemoteShellException.class).hasMessageContaining("known_hosts");
  }

  @Test
  void theConnectionIsReopenedAfterItDropped() {
    assertThat(shell.exec(target, ShellCommand.of("echo one")).stdout()).isEqualTo("one\n");
    sshd.dropConnections();
    assertThat(shell.exec(target, ShellCommand.of("echo two")).stdout()).isEqualTo("two\n");
  }

  @Test
  void editKeepsABackupWritesAtomicallyKeepsTheModeAndIsANoOpWhenUnchanged() throws IOException {
    Path file = Files.writeString(tmp.resolve("db.properties"), "db.cloud.host=old\ndb.cloud.port=3306\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    FileEdit edit = shell.editFile(target, file.toString(), s -> s.replace("host=old", "host=new"));
    assertThat(edit.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo("db.cloud.host=new\ndb.cloud.port=3306\n");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    assertThat(edit.backup()).startsWith(file + ".upgradeflow-").endsWith(".bak");
    assertThat(Files.readString(Path.of(edit.backup()))).isEqualTo("db.cloud.host=old\ndb.cloud.port=3306\n");
    assertThat(tmp.resolve("db.properties.upgradeflow-tmp")).doesNotExist();

    FileEdit again = shell.editFile(target, file.toString(), s -> s.replace("host=old", "host=new"));
    assertThat(again.changed()).isFalse();
    assertThat(again.backup()).isNull();
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".bak"))).hasSize(1);
    }
    assertThat(shell.readFile(target, file.toString())).contains("host=new");
  }

  @Test
  void writeFileCreatesAMissingFile() throws IOException {
    Path file = tmp.resolve("cloudstack.list");
    FileEdit w = shell.writeFile(target, file.toString(), "deb http://repo precise 4.3\n");
    assertThat(w.changed()).isTrue();
    assertThat(w.backup()).isNull();
    assertThat(Files.readString(file)).isEqualTo("deb http://repo precise 4.3\n");
  }

  @Test
  void uploadVerifiesTheChecksumAndSkipsAnIdenticalFile() throws IOException {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(data);
    Path local = Files.write(tmp.resolve("local.iso"), data);
    Path remote = tmp.resolve("remote").resolve("upgrade.iso");
    Files.createDirectories(remote.getParent());

    UploadResult first = shell.upload(target, local, remote.toString(), Checksum.SHA256);
    assertThat(first.skipped()).isFalse();
    assertThat(first.size()).isEqualTo(data.length);
    assertThat(Files.readAllBytes(remote)).isEqualTo(data);
    assertThat(first.digest()).isEqualTo(RemoteFiles.localDigest(local, Checksum.SHA256));

    assertThat(shell.upload(target, local, remote.toString(), Checksum.SHA256).skipped()).isTrue();
    assertThat(shell.upload(target, local, remote.toString(), Checksum.SHA1).skipped()).isTrue();

    data[0]++;
    Files.write(local, data);
    UploadResult changed = shell.upload(target, local, remote.toString(), Checksum.SHA1);
    assertThat(changed.skipped()).isFalse();
    assertThat(Files.readAllBytes(remote)).isEqualTo(data);
  }

  @Test
  void probeReadsTheBootId() {
    HostProbe p = shell.probe(target);
    assertThat(p.reachable()).isTrue();
    assertThat(p.bootId()).matches("[0-9a-f-]{36}");
  }
}
