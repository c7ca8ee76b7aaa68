package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.usagemeter.UsageMeterAppliance;
import org.upgradeflow.lab.usagemeter.UsageMeterConsole;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/**
 * upgrade-um.sh starts once per run whatever happens to the service: a second start in the same
 * instance finds the session, a new instance (fresh sessions, as after a restart) finds the
 * marker on the appliance, and once the appliance is at the target nothing starts at all.
 */
@ServiceTest
class UpgradeScriptOnceTest {

  @TempDir
  static Path dir;
  static UsageMeterLab lab;

  @Autowired Appliance appliance;
  @Autowired UsageMeterProperties properties;
  @Autowired EnvironmentRegistry registry;

  @BeforeAll
  static void startLab() {
    lab = new UsageMeterLab(dir.resolve("lab"), "umonce", List.of("lab-um-44", "lab-um-46"));
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @BeforeEach
  void reset() {
    lab.reset();
  }

  /** The estate registered, the release's ISO connected as CD-ROM and loop-mounted: where upgrade-um.sh starts. */
  private RemoteTarget isoMounted(String estate, String release) {
    registry.register(lab.environment(estate, null, false, null));
    UsageMeterConsole.connectCdrom(lab.um(estate), UsageMeterAppliance.Iso.fileName(release, "21350286"));
    RemoteTarget target = appliance.target(estate);
    assertThat(appliance.mountIso(target, Appliance.CDROM).ok()).isTrue();
    return target;
  }

  @Test
  void startsOnceAcrossASecondStartARestartAndAfterTheUpgrade() throws Exception {
    LabHostState h = lab.um("lab-um-44");
    RemoteTarget target = isoMounted("lab-um-44", "4.5.0.0");

    UpgradeScriptSessions firstSessions = new UpgradeScriptSessions();
    UpgradeScriptSessions laterSessions = new UpgradeScriptSessions();
    UpgradeScript first = new UpgradeScript(appliance, firstSessions, properties);
    Instant started = Instant.now();
    assertThat(first.start("um-once", target, "4.5", false)).isEqualTo(UpgradeScript.Start.STARTED);
    assertThat(first.start("um-once", target, "4.5", false)).isEqualTo(UpgradeScript.Start.RUNNING_HERE);
    // a new service instance: no session in memory, the marker on the appliance says it was started
    UpgradeScript restarted = new UpgradeScript(appliance, laterSessions, properties);
    assertThat(restarted.start("um-once", target, "4.5", false)).isEqualTo(UpgradeScript.Start.STARTED_BEFORE);
    assertThat(appliance.exists(target, UpgradeScript.marker("um-once"))).isTrue();

    UpgradeScript.Progress done = null;
    for (int i = 0; i < 600 && done == null; i++) {
      UpgradeScript.Progress p = first.check("um-once", target, "4.5", started, Instant.now());
      if (!p.running()) {
        done = p;
      } else {
        Thread.sleep(20); // the lab's upgrade takes (scaled) real time
      }
    }
    assertThat(done).isNotNull();
    assertThat(done.answers()).isEqualTo("snapshot=1");
    assertThat(done.transcript()).contains("upgraded to 4.5.0.0");
    // the restarted instance judges by the appliance: at 4.5, so done, without a transcript
    UpgradeScript.Progress seen = restarted.check("um-once", target, "4.5", started, started.plus(Duration.ofMinutes(1)));
    assertThat(seen.running()).isFalse();
    assertThat(seen.transcript()).contains("upgrade-um.sh was not started again");
    assertThat(new UpgradeScript(appliance, laterSessions, properties).start("um-other-run", target, "4.5", false))
        .isEqualTo(UpgradeScript.Start.ALREADY_UPGRADED);

    assertThat(h.journal().entries().stream().filter(e -> e.source().equals("tty"))).hasSize(1);
    assertThat(appliance.shell().exec(target, ShellCommand.of("rpm -q --qf '%{VERSION}' {}",
        ShellArg.packageName(UsageMeterAppliance.PACKAGE))).stdout()).isEqualTo("4.5.0.0");
    firstSessions.destroy();
    laterSessions.destroy();
  }

  /**
   * The service restarts while upgrade-um.sh runs: its PTY session ends, the script is hung up.
   * The next instance finds no session and no upgrade-um.sh process, the appliance below the
   * target: the wait ends at once (not after script-timeout) with the log as the script left it.
   * The script is held at a question of the lab's (unanswered) so that the hang-up surely comes
   * while it runs; whether the restart or the unknown question ends the session first, the
   * script is hung up the same way.
   */
  @Test
  void aHungUpScriptEndsTheWaitAtOnceAsInterrupted() throws Exception {
    LabHostState h = lab.um("lab-um-44");
    UsageMeterConsole.addUpgradePrompt(h, "Database schema check found warnings. Continue anyway? (y/n):");
    RemoteTarget target = isoMounted("lab-um-44", "4.5.0.0");

    UpgradeScriptSessions dying = new UpgradeScriptSessions();
    Instant started = Instant.now();
    assertThat(new UpgradeScript(appliance, dying, properties).start("um-hup", target, "4.5", false))
        .isEqualTo(UpgradeScript.Start.STARTED);
    awaitLogLine(h, "Upgrading vCloud Usage Meter from 4.4.0.0 to 4.5.0.0");
    dying.destroy(); // the restart: the session's thread ends and with it the PTY

    UpgradeScript restarted = new UpgradeScript(appliance, new UpgradeScriptSessions(), properties);
    Throwable interrupted = null;
    for (int i = 0; i < 600 && interrupted == null; i++) {
      try {
        // the hang-up reaches the script a moment later; until then it still runs
        assertThat(restarted.check("um-hup", target, "4.5", started, started.plusSeconds(1)).running()).isTrue();
        Thread.sleep(20);
      } catch (UpgradeScript.InterruptedScriptException e) {
        interrupted = e;
      }
    }
    assertThat(interrupted).isNotNull().hasMessageStartingWith("the upgrade script was interrupted: upgrade-um.sh no longer"
        + " runs on um1 and the appliance is still at 4.4.0.0");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.4.0.0");
    assertThat(Files.readString(h.path(UsageMeterAppliance.LOG_45))).contains("from 4.4.0.0 to 4.5.0.0")
        .doesNotContain("Upgrade completed");
    assertThat(h.journal().entries().stream().filter(e -> e.source().equals("tty")).map(e -> e.command()))
        .noneMatch(a -> a.startsWith("answer y: Database"));
  }

  @Test
  void aMarkerWithoutASessionIsInterruptedAtTheFirstLook() throws Exception {
    registry.register(lab.environment("lab-um-44", null, false, null));
    RemoteTarget target = appliance.target("lab-um-44");
    appliance.mark(target, UpgradeScript.marker("um-never")); // the instance died between marker and session
    UpgradeScript restarted = new UpgradeScript(appliance, new UpgradeScriptSessions(), properties);
    assertThat(restarted.start("um-never", target, "4.5", false)).isEqualTo(UpgradeScript.Start.STARTED_BEFORE);
    Instant started = Instant.now();
    assertThatThrownBy(() -> restarted.check("um-never", target, "4.5", started, started))
        .isInstanceOf(UpgradeScript.InterruptedScriptException.class).hasMessageContaining("is still at 4.4.0.0 (not 4.5)");
    assertThat(lab.um("lab-um-44").journal().entries().stream().filter(e -> e.source().equals("tty"))).isEmpty();
  }

  /**
   * 4.7 with a wrong hostname, the service restarted before it read the transcript: the next
   * instance finds the script's hostname check in its log and compares it with {@code hostname}.
   */
  @Test
  void aRestartedInstanceStillSeesTheWrongHostnameFromTheLogUntilItIsPutRight() throws Exception {
    LabHostState h = lab.um("lab-um-46");
    UsageMeterConsole.setHostname(h, "um1-renamed");
    RemoteTarget target = isoMounted("lab-um-46", "4.7.0.0");
    appliance.enableSshd(target); // back after the reboot the script starts on "y"

    UpgradeScriptSessions lost = new UpgradeScriptSessions();
    Instant started = Instant.now();
    assertThat(new UpgradeScript(appliance, lost, properties).start("um-host", target, "4.7", true))
        .isEqualTo(UpgradeScript.Start.STARTED);
    UpgradeScript restarted = new UpgradeScript(appliance, new UpgradeScriptSessions(), properties);
    UpgradeScript.Progress seen = null;
    for (int i = 0; i < 600 && seen == null; i++) {
      try {
        UpgradeScript.Progress p = restarted.check("um-host", target, "4.7", started, started.plusSeconds(1));
        seen = p.running() ? null : p;
      } catch (org.upgradeflow.remote.RemoteShellException rebooting) {
        appliance.shell().disconnect(target); // down for the script's reboot, as a real poll may find it
      }
      if (seen == null) {
        Thread.sleep(20);
      }
    }
    assertThat(seen).isNotNull();
    assertThat(seen.transcript()).contains("upgrade-um.sh was not started again");
    assertThat(seen.expectedHostname()).isEqualTo("um1");
    assertThat(seen.foundHostname()).isEqualTo("um1-renamed");

    UsageMeterConsole.setHostname(h, "um1");
    assertThat(restarted.check("um-host", target, "4.7", started, started.plusSeconds(1)).expectedHostname()).isNull();
    lost.destroy();
  }

  private static void awaitLogLine(LabHostState h, String text) throws Exception {
    for (int i = 0; i < 600; i++) {
      Path log = h.path(UsageMeterAppliance.LOG_45);
      if (Files.isRegularFile(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(20); // the script writes it once the snapshot question is answered
    }
    throw new AssertionError(UsageMeterAppliance.LOG_45 + " never held '" + text + "'");
  }
}
