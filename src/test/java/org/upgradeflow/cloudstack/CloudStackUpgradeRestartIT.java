package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.testing.LabRig;

/**
 * A whole {@code CloudStackUpgrade} of lab-cs-42x survives two restarts of the service (each a
 * new Spring context, a new engine on the same engine database file; the lab lives in the test
 * JVM and outlives them): once while the first management server upgrades the database, once
 * while {@code cloudstack-sysvmadm} restarts the system VMs. The run finishes, judged by the
 * lab's truth and journal: nothing the restarts interrupted was done twice. An IT (failsafe, a
 * JVM of its own) because it closes service contexts (Camunda keeps JVM-wide state).
 */
class CloudStackUpgradeRestartIT {

  @TempDir
  static Path dir;
  static LabRig rig;
  static LabEstate estate;
  static CloudStackLab lab;

  @BeforeAll
  static void startLab() {
    rig = LabRig.start(dir, "lab-cs-42x");
    estate = rig.estate("lab-cs-42x");
    lab = CloudStackLab.of(estate).orElseThrow();
    // at the lab's time scale: 0.6 s per database upgrade hop, a second per system VM; long enough
    // to stop the service in the middle, short enough that the new one's polls stay within the
    // database upgrade deadline (each poll moves the engine's clock by the poll interval)
    lab.setTimings(new CloudStackLab.Timings(Duration.ofSeconds(300), Duration.ofSeconds(500)));
  }

  @AfterAll
  static void stopLab() {
    rig.close();
  }

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  /** One service instance: its own engine name, the engine database in a file that outlives it. */
  private static ConfigurableApplicationContext service(String engineName) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(UpgradeFlowApplication.class)
        .profiles("test", "lab-users")
        .run("--server.port=0",
            "--camunda.bpm.process-engine-name=" + engineName,
            "--camunda.bpm.job-execution.enabled=false",
            "--camunda.bpm.webapp.enabled=false",
            "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("engine").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
    context.getBean(EnvironmentRegistry.class).register(estate.environment());
    return context;
  }

  private static PathRuns runs(ConfigurableApplicationContext context) {
    return new PathRuns(context.getBean(RuntimeService.class), context.getBean(TaskService.class),
        context.getBean(ManagementService.class), context.getBean(IdentityService.class),
        context.getBean(HistoryService.class));
  }

  /** Whether the run has a job waiting at {@code activityId} (a timer between two polls). */
  private static boolean waitsAt(ConfigurableApplicationContext context, String root, String activityId) {
    return context.getBean(ManagementService.class).createJobQuery().activityId(activityId).list().stream()
        .anyMatch(j -> root.equals(j.getRootProcessInstanceId()));
  }

  private static boolean finished(ConfigurableApplicationContext context, String root, String activityId) {
    return context.getBean(HistoryService.class).createHistoricActivityInstanceQuery().activityId(activityId)
        .finished().list().stream().anyMatch(a -> root.equals(a.getRootProcessInstanceId()));
  }

  /** The estate as the operator leaves it before a 4.2 upgrade: every 4.3 system VM template READY. */
  private static void initialEstate() throws Exception {
    estate.reset();
    lab.setTemplateDownload("XenServer", "DOWNLOADED", 100);
    lab.registerVmwareTemplate();
  }

  /** Starts a run as ops, the plan approved by cm and cm2, the template gate by cm; its jobs not yet run. */
  private static String approvedRun(PathRuns runs) {
    String run = runs.start(estate.id(), "ops");
    runs.drive(run);
    runs.decide(run, "ApprovePlan", "cm", "approve", null);
    runs.decide(run, "ApprovePlan", "cm2", "approve", null);
    runs.complete("cm", runs.gate(run, "SystemVmTemplates"), "approve", null);
    return run;
  }

  /**
   * The same path twice on the same initial estate: once without a restart (what the run must
   * change, command by command), once with the service restarted in the middle of the database
   * upgrade and in the middle of sysvmadm. The second journal equals the first.
   */
  @Test
  void aRunRestartedDuringTheDatabaseUpgradeAndDuringSysvmadmFinishesWithEveryCommandOnce() throws Exception {
    RunJournal uninterrupted;
    String run;
    Integer portBefore;
    try (ConfigurableApplicationContext first = service("csRestartFirst")) {
      PathRuns runs = runs(first);
      initialEstate();
      String reference = approvedRun(runs);
      runs.drive(reference);
      assertThat(runs.variable(reference, "runOutcome")).as("the run without a restart").isEqualTo("completed");
      uninterrupted = RunJournal.of(estate);

      initialEstate();
      portBefore = new EstateTruth(estate).database().integrationApiPort().orElse(null);
      run = approvedRun(runs);
      String root = run;
      JobDriver.drive(first.getBean(ManagementService.class), run,
          () -> waitsAt(first, root, "Timer_DatabaseUpgradePoll"));
      assertThat(waitsAt(first, run, "Timer_DatabaseUpgradePoll")).as("the run polls the database upgrade").isTrue();
      assertThat(lab.upgradeRunning()).as("the database upgrade runs when the service goes away").isTrue();
    }

    try (ConfigurableApplicationContext second = service("csRestartSecond")) {
      String root = run;
      JobDriver.drive(second.getBean(ManagementService.class), run,
          () -> finished(second, root, "Task_StartSysvmadm"));
      assertThat(finished(second, run, "Task_StartSysvmadm")).as("sysvmadm started; incidents: %s",
          runs(second).incidents(run)).isTrue();
      assertThat(lab.restarts()).as("sysvmadm is still at work when the service goes away").hasSizeLessThan(4);
    }

    try (ConfigurableApplicationContext third = service("csRestartThird")) {
      PathRuns runs = runs(third);
      runs.drive(run);
      assertThat(runs.incidents(run)).isEmpty();
      assertThat(runs.openGates(run)).isEmpty();
      assertThat(runs.ended(run)).isTrue();
      assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
      Map<?, ?> view = new TestRestTemplate().withBasicAuth("ops", "ops").getForObject("http://localhost:"
          + third.getEnvironment().getProperty("local.server.port") + "/api/runs/" + run, Map.class);
      assertThat(view.get("state")).isEqualTo("completed");
      Map<?, ?> steps = (Map<?, ?>) ((Map<?, ?>) view.get("progress")).get("steps");
      assertThat(steps.get("done")).isEqualTo(steps.get("total"));
    }

    EstateTruth truth = new EstateTruth(estate);
    truth.upgradedTo("4.3.2");
    truth.vmwarePasswordsDecrypt();
    truth.storagePoolsFixed();
    truth.vhdUtilInPlace();
    assertThat(truth.database().integrationApiPort().orElse(null)).isEqualTo(portBefore);
    assertThat(lab.restarts()).as("every system VM restarted once").extracting(CloudStackLab.SystemVmRestart::id)
        .doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
    RunJournal restarted = RunJournal.of(estate);
    assertThat(restarted.count("ms1", "background", "cloudstack-sysvmadm")).as("sysvmadm started").isEqualTo(1);
    assertThat(restarted.count("ms1", "exec", "'cloudstack-management' start"))
        .as("ms1 started as often as without a restart")
        .isEqualTo(uninterrupted.count("ms1", "exec", "'cloudstack-management' start"));
    truth.packageCommandsOncePerHost();
    assertThat(restarted).as("what the restarted run changed, host by host").isEqualTo(uninterrupted);
  }
}
