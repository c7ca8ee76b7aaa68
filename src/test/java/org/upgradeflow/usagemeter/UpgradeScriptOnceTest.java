package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
    lab = new UsageMeterLab(dir.resolve("lab"), "umonce", List.of("lab-um-44"));
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @Test
  void startsOnceAcrossASecondStartARestartAndAfterTheUpgrade() throws Exception {
    registry.register(lab.environment("lab-um-44", null, false, null));
    LabHostState h = lab.um("lab-um-44");
    UsageMeterConsole.connectCdrom(h, UsageMeterAppliance.Iso.fileName("4.5.0.0", "21350286"));
    RemoteTarget target = appliance.target("lab-um-44");
    assertThat(appliance.mountIso(target, Appliance.CDROM).ok()).isTrue();

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
}
