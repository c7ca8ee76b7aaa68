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
 * The service is stopped during long waits and a new service (a new Spring context on the same
 * engine database file) carries on: upgrade-um.sh never runs twice. An IT (failsafe, a JVM of its
 * own): service instances started and closed next to the shared test context broke that context's
 * Tasklist (Camunda's webapps keep JVM-wide state).
 */
class UsageMeterRestartIT {

  @TempDir
  static Path dir;
  static UsageMeterLab lab;
  static Path artifacts;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new UsageMeterLab(dir.resolve("lab"), "umrestart", List.of("lab-um-42", "lab-um-44"));
    artifacts = Files.createDirectories(dir.resolve("a45"));
    new OpensslArtifacts(artifacts).release45("21350286");
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void resetLab() {
    lab.reset();
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** One service instance: its own engine name, the engine database in a file that outlives it. */
  private ConfigurableApplicationContext service() {
    ConfigurableApplicationContext ctx = new SpringApplicationBuilder(UpgradeFlowApplication.class)
        .profiles("test", "lab-users")
        .run("--server.port=0", "--camunda.bpm.process-engine-name=usageMeterRestart",
            "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("engine").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000",
            "--camunda.bpm.job-execution.enabled=false", "--upgradeflow.usage-meter.script-timeout=PT10M");
    ctx.getBean(EnvironmentRegistry.class).register(lab.environment("lab-um-44", artifacts.toString(), false, null));
    ctx.getBean(EnvironmentRegistry.class).register(lab.environment("lab-um-42", artifacts.toString(), false, null));
    return ctx;
  }

  private static UsageMeterRuns runs(ConfigurableApplicationContext ctx) {
    return new UsageMeterRuns(ctx.getBean(RuntimeService.class), ctx.getBean(TaskService.class),
        ctx.getBean(ManagementService.class), ctx.getBean(IdentityService.class), ctx.getBean(HistoryService.class));
  }

  /** Runs due jobs until the run has a job at the given activity (it waits there). */
  private static void until(ConfigurableApplicationContext ctx, String root, String activity) throws InterruptedException {
    ManagementService management = ctx.getBean(ManagementService.class);
    for (int i = 0; i < 3000; i++) {
      if (management.createJobQuery().activityId(activity).list().stream()
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
    throw new AssertionError("the run never waited at " + activity);
  }

  /**
   * Two runs when the service stops: lab-um-44 waits for its appliance to come back from the
   * reboot, lab-um-42 runs upgrade-um.sh. The new service finishes the first without running the
   * script again. The second script's PTY session ended with the old service and the lab, like
   * sshd on a real appliance, hung the script up: the new instance finds the marker and no
   * running script, never starts it again, and opens the restore gate naming what happened (the
   * appliance may be half-upgraded).
   */
  @Test
  void aRestartFinishesTheRunWaitingForTheRebootAndNeverStartsAScriptAgain() throws Exception {
    LabHostState rebooting = lab.um("lab-um-44");
    LabHostState scripting = lab.um("lab-um-42");
    UsageMeterConsole.enableSshd(rebooting);
    UsageMeterConsole.enableSshd(scripting);
    String first;
    String second;
    try (ConfigurableApplicationContext before = service()) {
      UsageMeterRuns runs = runs(before);
      first = runs.start("ops", "lab-um-44", "4.5");
      approveSnapshot(runs, first);
      until(before, first, "Task_AwaitAppliance"); // rebooted, the first look not yet taken
      second = runs.start("ops", "lab-um-42", "4.5");
      approveSnapshot(runs, second);
      until(before, second, "Task_CheckUpgradeScript"); // the script started
      for (int i = 0; i < 500 && answers(scripting).isEmpty(); i++) {
        Thread.sleep(10); // the service's session answers the snapshot question on its own thread
      }
      assertThat(answers(scripting)).hasSize(1);
    }
    assertThat(rebooting.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.5.0.0");

    try (ConfigurableApplicationContext after = service()) {
      UsageMeterRuns runs = runs(after);
      Task fips = runs.advance(first);
      assertThat(fips).as("run continues after the restart; incidents: " + runs.incidents(first)).isNotNull();
      assertThat(runs.gateId(fips)).isEqualTo("FipsCertificates");
      runs.complete("cm", fips, Map.of("decision", "approve"));
      assertThat(runs.advance(first)).isNull();
      assertThat(runs.variable(first, "runOutcome")).isEqualTo("completed");

      // the hung-up script no longer runs and the appliance is below the target: at once the
      // restore gate (not the script timeout), and the script is not started again
      Task restore = runs.advance(second);
      assertThat(restore).as("incidents: " + runs.incidents(second)).isNotNull();
      assertThat(runs.gateId(restore)).isEqualTo("RestoreSnapshot");
      assertThat((String) runs.gateVariable(restore, "gateEvidenceSummary"))
          .contains("the upgrade script was interrupted: upgrade-um.sh no longer runs on");
      runs.complete("cm", restore, Map.of("decision", "rollback"));
      assertThat(runs.advance(second)).isNull();
      assertThat(runs.variable(second, "runOutcome")).isEqualTo("rolled-back");
    }
    assertThat(answers(rebooting)).containsExactly("answer y: " + UsageMeterAppliance.SNAPSHOT_PROMPT);
    assertThat(rebooting.services().get("sshd")).isEqualTo(new ServiceState(false, false));
    assertThat(rebooting.journal().commands().stream().filter(c -> c.equals("reboot"))).hasSize(1);
    assertThat(answers(scripting)).containsExactly("answer y: " + UsageMeterAppliance.SNAPSHOT_PROMPT);
  }

  private static void approveSnapshot(UsageMeterRuns runs, String run) throws InterruptedException {
    Task snapshot = runs.advance(run);
    assertThat(runs.gateId(snapshot)).isEqualTo("ConfirmSnapshot");
    runs.complete("cm", snapshot, Map.of("decision", "approve", "snapshotName", "pre-4.5", "snapshotTime", "2024-05-01T21:30Z"));
  }

  private static java.util.List<String> answers(LabHostState h) {
    return h.journal().entries().stream().filter(e -> e.source().equals("tty")).map(JournalEntry::command).toList();
  }
}
