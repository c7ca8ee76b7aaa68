package org.upgradeflow.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Detached jobs and PTY prompts against a real Debian OpenSSH sshd. */
class OpenSshJobsAndPromptsTest {

  static final String SNAPSHOT_PROMPT = "Has a snapshot of the vCloud Usage Meter appliance VM been created "
      + "on the vCenter Server environment that it's running on? (y/n):";
  static final String REBOOT_PROMPT = "Reboot is recommended after an upgrade.Reboot now? (y/n)";

  @RegisterExtension
  static final OpenSshServer sshd = new OpenSshServer();

  @TempDir
  Path tmp;

  SshjRemoteShell shell;
  RemoteTarget target;

  @BeforeEach
  void setUp() throws IOException {
    shell = TestShells.shell(tmp);
    target = sshd.target("um-1", sshd.writeKnownHosts(tmp.resolve("known_hosts"), "ed25519"));
  }

  @AfterEach
  void tearDown() {
    shell.close();
  }

  @Test
  void aDetachedJobSurvivesTheConnectionAndIsFoundAgainByAFreshClient() throws Exception {
    Path release = tmp.resolve("release");
    Path runs = tmp.resolve("runs");
    ShellCommand job = ShellCommand.of(
        "echo run >> {}; echo waiting; while [ ! -f {} ]; do sleep 0.2; done; echo done; exit 7",
        ShellArg.path(runs.toString()), ShellArg.path(release.toString()));

    JobStart start = shell.startJob(target, "sysvm-restart-1", job);
    assertThat(start.started()).isTrue();
    assertThat(start.directory()).isEqualTo(tmp.resolve("jobs").resolve("sysvm-restart-1").toString());
    shell.close(); // the connection that started it is gone
    sshd.dropConnections();

    SshjRemoteShell fresh = TestShells.shell(tmp);
    try {
      assertThat(fresh.jobStatus(target, "sysvm-restart-1", 10).state()).isEqualTo(JobStatus.State.RUNNING);
      assertThat(fresh.startJob(target, "sysvm-restart-1", job).started()).isFalse();
      Files.createFile(release);

      JobStatus status = awaitFinished(fresh, "sysvm-restart-1");
      assertThat(status.exitCode()).isEqualTo(7);
      assertThat(status.succeeded()).isFalse();
      assertThat(status.pid()).isPositive();
      assertThat(status.logTail()).isEqualTo("waiting\ndone\n");
      assertThat(Files.readAllLines(runs)).containsExactly("run");

      assertThat(fresh.startJob(target, "sysvm-restart-1", job).started()).isFalse();
      assertThat(Files.readAllLines(runs)).containsExactly("run");
      assertThat(Files.readString(tmp.resolve("jobs/sysvm-restart-1/command"))).contains("echo run >>");
    } finally {
      fresh.close();
    }
  }

  @Test
  void anUnknownJobIsNotFoundAndABadIdIsRejected() {
    assertThat(shell.jobStatus(target, "never-started", 5).state()).isEqualTo(JobStatus.State.NOT_FOUND);
    assertThatThrownBy(() -> shell.startJob(target, "../../etc", ShellCommand.of("true")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("job id");
  }

  @Test
  void aKilledJobIsReportedLost() throws Exception {
    shell.startJob(target, "lost-1", ShellCommand.of("sleep 300"));
    JobStatus running = shell.jobStatus(target, "lost-1", 5);
    assertThat(running.state()).isEqualTo(JobStatus.State.RUNNING);
    // ends the job's process group (setsid made the pid its leader)
    shell.exec(target, ShellCommand.of("kill -9 -- -{}", ShellArg.integer(running.pid()))).requireSuccess();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JobStatus s;
    do {
      Thread.sleep(200);
      s = shell.jobStatus(target, "lost-1", 5);
    } while (s.state() == JobStatus.State.RUNNING && System.nanoTime() < deadline);
    assertThat(s.state()).isEqualTo(JobStatus.State.LOST);
  }

  @Test
  void theUsageMeterPromptsAreAnswered() throws IOException {
    Path script = upgradeScript("""
        printf '%s ' "$1"
        read snap
        echo "snapshot: $snap"
        echo "Upgrading ..."
        printf '%s' "$2"
        read reboot
        echo "reboot: $reboot"
        """);
    InteractiveResult r = shell.interact(target,
        ShellCommand.of("sh {} {} {}", ShellArg.path(script.toString()), ShellArg.text(SNAPSHOT_PROMPT),
            ShellArg.text(REBOOT_PROMPT)),
        PromptScript.of(
            PromptRule.answer("snapshot", "Has a snapshot of the vCloud Usage Meter appliance VM been created.*\\(y/n\\):", "y"),
            PromptRule.answer("reboot", "Reboot now\\? \\(y/n\\)", "n"))
            .withTimeout(Duration.ofSeconds(60)));
    assertThat(r.exitStatus()).isZero();
    assertThat(r.answered()).containsEntry("snapshot", 1).containsEntry("reboot", 1);
    assertThat(r.transcript()).contains("snapshot: y").contains("reboot: n").contains("Upgrading ...");
    assertThat(Files.readString(r.transcriptLog())).contains("reboot: n");
  }

  @Test
  void anUnexpectedPromptFailsWithTheTranscript() throws IOException {
    Path script = upgradeScript("""
        echo "Checking appliance"
        printf 'Enter the license key: '
        read key
        """);
    assertThatThrownBy(() -> shell.interact(target, ShellCommand.of("sh {}", ShellArg.path(script.toString())),
        PromptScript.of(PromptRule.answer("snapshot", "\\(y/n\\):", "y")).withPromptQuiet(Duration.ofSeconds(1))
            .withTimeout(Duration.ofSeconds(60))))
        .isInstanceOfSatisfying(PromptFailedException.class,
            e -> assertThat(e.transcript()).contains("Checking appliance").contains("Enter the license key:"))
        .hasMessageContaining("unexpected prompt").hasMessageContaining("um-1");
  }

  @Test
  void aPromptSeenMoreOftenThanAllowedFails() throws IOException {
    Path script = upgradeScript("""
        printf '%s ' "$1"; read a
        printf '%s ' "$1"; read b
        """);
    assertThatThrownBy(() -> shell.interact(target,
        ShellCommand.of("sh {} {}", ShellArg.path(script.toString()), ShellArg.text(SNAPSHOT_PROMPT)),
        PromptScript.of(PromptRule.answer("snapshot", "\\(y/n\\):", "y")).withTimeout(Duration.ofSeconds(60))))
        .isInstanceOf(PromptFailedException.class).hasMessageContaining("appeared again after 1");
  }

  @Test
  void silenceFailsWithTheTranscript() throws IOException {
    Path script = upgradeScript("""
        echo "working"
        sleep 120
        """);
    assertThatThrownBy(() -> shell.interact(target, ShellCommand.of("sh {}", ShellArg.path(script.toString())),
        PromptScript.of().withSilenceTimeout(Duration.ofSeconds(2)).withTimeout(Duration.ofSeconds(60))))
        .isInstanceOfSatisfying(PromptFailedException.class, e -> assertThat(e.transcript()).contains("working"))
        .hasMessageContaining("no output for");
  }

  private Path upgradeScript(String body) throws IOException {
    return Files.writeString(tmp.resolve("upgrade-um-" + System.nanoTime() + ".sh"), body);
  }

  /** Polls like a process would; the deadline is only a safety net. */
  private JobStatus awaitFinished(RemoteShell shell, String jobId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JobStatus s;
    do {
      Thread.sleep(200);
      s = shell.jobStatus(target, jobId, 10);
    } while (s.state() == JobStatus.State.RUNNING && System.nanoTime() < deadline);
    assertThat(s.state()).isEqualTo(JobStatus.State.FINISHED);
    return s;
  }
}
