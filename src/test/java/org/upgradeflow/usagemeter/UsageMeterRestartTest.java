package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;
import org.upgradeflow.lab.usagemeter.UsageMeterAppliance;
import org.upgradeflow.lab.usagemeter.UsageMeterConsole;

/**
 * The service is stopped while the run waits for the appliance to come back from the reboot and
 * a new service (a new Spring context on the same engine database file) finishes the run:
 * upgrade-um.sh ran once, its snapshot question was answered once.
 */
class UsageMeterRestartTest {

  @TempDir
  static Path dir;
  static UsageMeterLab lab;
  static Path artifacts;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new UsageMeterLab(dir.resolve("lab"), "umrestart", List.of("lab-um-44"));
    artifacts = Files.createDirectories(dir.resolve("a45"));
    new OpensslArtifacts(artifacts).release45("21350286");
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** One service instance: its own engine name, the engine database in a file that outlives it. */
  private ConfigurableApplicationContext service() {
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(UpgradeFlowApplication.class)
        .profiles("test", "lab-users")
        .run("--server.port=0", "--camunda.bpm.process-engine-name=usage-meter-restart",
            "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("engine").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000",
            "--camunda.bpm.job-execution.enabled=false");
    ctx.getBean(EnvironmentRegistry.class).register(lab.environment("lab-um-44", artifacts.toString(), false, null));
    return ctx;
  }

  private static UsageMeterRuns runs(ConfigurableApplicationContext ctx) {
    return new UsageMeterRuns(ctx.getBean(RuntimeService.class), ctx.getBean(TaskService.class),
        ctx.getBean(ManagementService.class), ctx.getBean(IdentityService.class), ctx.getBean(HistoryService.class));
  }

  /** Runs due jobs until the run waits at the reboot poll timer. */
  private static void untilRebootWait(ConfigurableApplicationContext ctx, String root) throws InterruptedException {
    ManagementService management = ctx.getBean(ManagementService.class);
    for (int i = 0; i < 3000; i++) {
      if (management.createJobQuery().activityId("Timer_RebootPoll").list().stream()
          .anyMatch(j -> root.equals(j.getRootProcessInstanceId()))) {
        return;
      }
      List<Job> due = management.createJobQuery().executable().list().stream()
          .filter(j -> root.equals(j.getRootProcessInstanceId())).toList();
      if (!due.isEmpty()) {
        management.executeJob(due.get(0).getId());
      } else {
        Thread.sleep(20); // the appliance's upgrade runs in (scaled) real time
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + UsageMeterRuns.TIMER_STEP_MS));
      }
    }
    throw new AssertionError("the run never waited for the reboot");
  }

  @Test
  void aRestartDuringTheRebootWaitFinishesTheRunWithoutRunningTheScriptAgain() throws Exception {
    LabHostState h = lab.um("lab-um-44");
    UsageMeterConsole.enableSshd(h);
    String run;
    try (ConfigurableApplicationContext first = service()) {
      UsageMeterRuns runs = runs(first);
      run = runs.start("ops", "lab-um-44", "4.5");
      Task snapshot = runs.advance(run);
      assertThat(runs.gateId(snapshot)).isEqualTo("ConfirmSnapshot");
      runs.complete("cm", snapshot, Map.of("decision", "approve", "snapshotName", "pre-4.5", "snapshotTime", "2024-05-01T21:30Z"));
      untilRebootWait(first, run);
    }
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.5.0.0");

    try (ConfigurableApplicationContext second = service()) {
      UsageMeterRuns runs = runs(second);
      Task fips = runs.advance(run);
      assertThat(fips).as("run continues after the restart; incidents: " + runs.incidents(run)).isNotNull();
      assertThat(runs.gateId(fips)).isEqualTo("FipsCertificates");
      runs.complete("cm", fips, Map.of("decision", "approve"));
      assertThat(runs.advance(run)).isNull();
      assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
    }
    assertThat(h.journal().entries().stream().filter(e -> e.source().equals("tty")).map(JournalEntry::command))
        .containsExactly("answer y: " + UsageMeterAppliance.SNAPSHOT_PROMPT);
    assertThat(h.services().get("sshd")).isEqualTo(new ServiceState(false, false));
    assertThat(h.journal().commands().stream().filter(c -> c.equals("reboot"))).hasSize(1);
  }
}
