package org.upgradeflow.lab.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.FileEdit;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.JobStart;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.remote.UploadResult;

/**
 * UpgradeFlow's real SSH adapter ({@link SshjRemoteShell}) against a lab host: the exact
 * command lines it sends for detached jobs, file edits, uploads and probes are answered by
 * the lab shell. Waits poll with a generous safety limit; nothing asserts on durations.
 */
class LabHostRemoteShellTest {

  private static final Duration SAFETY = Duration.ofSeconds(60);

  @TempDir
  static Path labDir;
  @TempDir
  static Path stepLogs;
  static LabHostFleet fleet;
  static LabHost host;
  static SshjRemoteShell shell;
  static RemoteTarget target;
  static volatile CountDownLatch gate = new CountDownLatch(0);

  @BeforeAll
  static void start() {
    fleet = new LabHostFleet(labDir);
    host = fleet.start(LabHostSpec.builder("mgmt1", OsFamily.RHEL).time(new LabTime(0.01))
        .file("/etc/cloudstack/management/db.properties", "db.cloud.host=localhost\ndb.cloud.port=3306\n")
        .build());
    // a program that waits for the test: the job is RUNNING for as long as the test wants
    host.commands().register("wait-for-test", ctx -> {
      gate.await();
      return 0;
    });
    shell = new SshjRemoteShell(new SshProperties(Duration.ofSeconds(30), SAFETY, null, stepLogs, null, null,
        Duration.ofMillis(50)));
    target = new RemoteTarget(host.inventoryHost(HostRole.MANAGEMENT_SERVER), fleet.knownHostsFile());
  }

  @AfterAll
  static void stop() {
    gate.countDown();
    shell.close();
    fleet.close();
  }

  @BeforeEach
  void reset() {
    gate.countDown();
    host.reset();
  }

  private static String file(String path) throws Exception {
    return Files.readString(host.state().path(path));
  }

  @Test
  void detachedJobRunsOnceReportsRunningThenFinishedWithItsExitCodeAndOutput() throws Exception {
    gate = new CountDownLatch(1);
    ShellCommand command = ShellCommand.of("wait-for-test && echo {} >> {} && sleep {} && echo {} && exit {}",
        ShellArg.word("run"), ShellArg.path("/root/runs"), ShellArg.integer(1), ShellArg.word("done"),
        ShellArg.integer(3));

    JobStart start = shell.startJob(target, "run-1.step-2", command);
    assertThat(start.started()).isTrue();
    assertThat(start.directory()).isEqualTo("/var/tmp/upgradeflow/jobs/run-1.step-2");

    JobStatus running = shell.jobStatus(target, "run-1.step-2", 20);
    assertThat(running.state()).isEqualTo(JobStatus.State.RUNNING);
    assertThat(running.exitCode()).isNull();
    assertThat(running.pid()).isNotNull();
    assertThat(host.state().processes().isRunning(running.pid().intValue())).isTrue();
    assertThat(file("/var/tmp/upgradeflow/jobs/run-1.step-2/command")).isEqualTo(command + "\n");

    JobStart again = shell.startJob(target, "run-1.step-2", command);
    assertThat(again.started()).isFalse();

    gate.countDown();
    await().atMost(SAFETY).pollInterval(Duration.ofMillis(20))
        .until(() -> shell.jobStatus(target, "run-1.step-2", 20).state() == JobStatus.State.FINISHED);
    JobStatus finished = shell.jobStatus(target, "run-1.step-2", 20);
    assertThat(finished.exitCode()).isEqualTo(3);
    assertThat(finished.pid()).isEqualTo(running.pid());
    assertThat(finished.logTail()).isEqualTo("done\n");

    assertThat(shell.startJob(target, "run-1.step-2", command).started()).isFalse();
    assertThat(file("/root/runs")).isEqualTo("run\n");
    await().atMost(SAFETY).until(() -> host.state().journal().entries().stream()
        .anyMatch(e -> e.source().equals("background")));
    assertThat(host.state().journal().entries()).filteredOn(e -> e.source().equals("background")).hasSize(1);
  }

  @Test
  void jobThatDiesWithoutAnExitFileIsLostAndUnknownJobsAreNotFound() throws Exception {
    assertThat(shell.jobStatus(target, "never-started", 20).state()).isEqualTo(JobStatus.State.NOT_FOUND);

    gate = new CountDownLatch(1);
    shell.startJob(target, "killed", ShellCommand.of("wait-for-test"));
    JobStatus running = shell.jobStatus(target, "killed", 5);
    assertThat(running.state()).isEqualTo(JobStatus.State.RUNNING);
    shell.exec(target, ShellCommand.of("kill {}", ShellArg.integer(running.pid()))).requireSuccess();
    await().atMost(SAFETY).until(() -> shell.jobStatus(target, "killed", 5).state() == JobStatus.State.LOST);
  }

  @Test
  void editFileKeepsABackupAndReplacesTheFile() throws Exception {
    String path = "/etc/cloudstack/management/db.properties";
    FileEdit edit = shell.editFile(target, path, s -> s.replace("db.cloud.host=localhost", "db.cloud.host=db1"));
    assertThat(edit.changed()).isTrue();
    assertThat(file(path)).isEqualTo("db.cloud.host=db1\ndb.cloud.port=3306\n");
    assertThat(file(edit.backup())).isEqualTo("db.cloud.host=localhost\ndb.cloud.port=3306\n");
    assertThat(host.state().path(path + ".upgradeflow-tmp")).doesNotExist();
    // the lab's SFTP server renames over the target itself, so RemoteFiles needs no mv -f here
    assertThat(host.state().journal().commands())
        .contains("sftp rename " + path + ".upgradeflow-tmp " + path)
        .noneMatch(c -> c.startsWith("mv "));
    assertThat(shell.editFile(target, path, s -> s).changed()).isFalse();

    // the fallback RemoteFiles sends when a server refuses an SFTP rename with overwrite
    Files.writeString(host.state().path("/tmp/new"), "new\n");
    ExecResult mv = shell.exec(target, ShellCommand.of("mv -f {} {}", ShellArg.path("/tmp/new"), ShellArg.path(path)));
    assertThat(mv.exitStatus()).isZero();
    assertThat(file(path)).isEqualTo("new\n");
  }

  @Test
  void uploadIsVerifiedWithTheRemoteChecksumAndSkippedWhenPresent() throws Exception {
    Path local = labDir.resolve("package.bin");
    byte[] content = "cloudstack-management-4.3.0.rpm contents\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    Files.write(local, content);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

    UploadResult first = shell.upload(target, local, "/root/package.bin", Checksum.SHA256);
    assertThat(first.skipped()).isFalse();
    assertThat(first.digest()).isEqualTo(sha256);
    assertThat(Files.readAllBytes(host.state().path("/root/package.bin"))).isEqualTo(content);
    assertThat(host.state().path(RemoteShell.partPath("/root/package.bin"))).doesNotExist();

    UploadResult second = shell.upload(target, local, "/root/package.bin", Checksum.SHA256);
    assertThat(second.skipped()).isTrue();
    UploadResult sha1 = shell.upload(target, local, "/root/package.bin", Checksum.SHA1);
    assertThat(sha1.skipped()).isTrue();
    assertThat(sha1.digest()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content)));
  }

  @Test
  void probeReadsTheBootIdWhichChangesWithAReboot() throws Exception {
    HostProbe before = shell.probe(target);
    assertThat(before.reachable()).isTrue();
    assertThat(before.bootId()).isEqualTo(host.state().bootId());

    host.reboot(Duration.ofMillis(200));
    HostProbe after = shell.awaitReboot(target, before.bootId(), SAFETY);
    assertThat(after.reachable()).isTrue();
    assertThat(after.bootId()).isNotEqualTo(before.bootId()).isEqualTo(host.state().bootId());
    assertThat(shell.exec(target, ShellCommand.of("cat /proc/sys/kernel/random/boot_id")).stdout().strip())
        .isEqualTo(after.bootId());
  }
}
