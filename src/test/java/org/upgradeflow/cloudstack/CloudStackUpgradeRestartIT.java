package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
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
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.environment.EnvironmentFileReader;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.MasterCipher;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabTimings;
import org.upgradeflow.testing.EnvironmentYaml;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.ServiceContexts;
import org.upgradeflow.testing.ServiceProcess;

/**
 * A whole {@code CloudStackUpgrade} of lab-cs-42x (started as ops, plan approved by cm and cm2,
 * template gate by cm) survives the service going away in the middle of its long waits: the
 * database upgrade of the first management server and {@code cloudstack-sysvmadm}. Once as a
 * restart (the service's Spring context closed, a new one on the same engine database file),
 * once as a kill (the service a child JVM, SIGKILLed and started again). The lab lives in the
 * test JVM and outlives every service instance. Judged by the lab's truth and by its journal
 * against a run of the same path without interruption: no command more, none less. An IT
 * (failsafe, a JVM of its own) because it closes service contexts (Camunda keeps JVM-wide state).
 */
class CloudStackUpgradeRestartIT {

  /** At the lab's time scale a second per database upgrade hop and per system VM: time to stop the service. */
  private static final LabTimings LAB_TIMINGS =
      LabTimings.DEFAULTS.withDatabaseUpgrade(Duration.ofSeconds(500)).withSystemVmRestart(Duration.ofSeconds(500));
  private static final Set<String> ENDED = Set.of("completed", "failed", "aborted", "rolled-back");

  @TempDir
  static Path dir;
  static LabRig rig;
  static LabEstate estate;
  static CloudStackLab lab;
  /** The journal of the run without interruption; what each interrupted run must equal. */
  static RunJournal uninterrupted;
  static int systemVms;

  @BeforeAll
  static void startLabAndRunOnceWithoutInterruption() throws Exception {
    rig = LabRig.start(dir, "lab-cs-42x");
    estate = rig.estate("lab-cs-42x");
    lab = CloudStackLab.of(estate).orElseThrow();
    lab.setTimings(LAB_TIMINGS);
    try (ConfigurableApplicationContext service = service("csReference", "reference-engine")) {
      PathRuns runs = runs(service);
      initialEstate();
      String run = approvedRun(runs);
      runs.drive(run);
      assertThat(runs.variable(run, "runOutcome")).as("the run without a restart").isEqualTo("completed");
    } finally {
      ClockUtil.reset();
    }
    uninterrupted = RunJournal.of(estate);
    systemVms = lab.restarts().size();
    assertThat(systemVms).as("system VMs restarted without interruption").isGreaterThanOrEqualTo(4);
  }

  @AfterAll
  static void stopLab() {
    rig.close();
  }

  @AfterEach
  void clockAndTimings() {
    ClockUtil.reset();
    lab.setTimings(LAB_TIMINGS);
  }

  /** One service instance in this JVM on the engine database file {@code engineDatabase}. */
  private static ConfigurableApplicationContext service(String engineName, String engineDatabase) {
    ConfigurableApplicationContext context = ServiceContexts.start(engineName, dir.resolve(engineDatabase),
        // the driver moves the engine's clock a poll interval per poll while the lab's database
        // upgrade takes real (scaled) seconds: a fast machine must not reach the two-hour deadline
        "--upgradeflow.cloudstack.paths.database-upgrade-timeout=P30D");
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
   * The service's Spring context is closed while the first management server upgrades the
   * database and again while sysvmadm restarts the system VMs; each time a new context on the
   * same engine database carries the run on, driven by {@link JobDriver}.
   */
  @Test
  void aRunRestartedDuringTheDatabaseUpgradeAndDuringSysvmadmChangesWhatARunWithoutRestartChanges() throws Exception {
    initialEstate();
    Integer portBefore = new EstateTruth(estate).database().integrationApiPort().orElse(null);
    String run;
    try (ConfigurableApplicationContext first = service("csRestartFirst", "restart-engine")) {
      run = approvedRun(runs(first));
      String root = run;
      JobDriver.drive(first.getBean(ManagementService.class), run,
          () -> waitsAt(first, root, "Timer_DatabaseUpgradePoll"));
      assertThat(waitsAt(first, run, "Timer_DatabaseUpgradePoll")).as("the run polls the database upgrade").isTrue();
      assertThat(lab.upgradeRunning()).as("the database upgrade runs when the service goes away").isTrue();
    }

    try (ConfigurableApplicationContext second = service("csRestartSecond", "restart-engine")) {
      String root = run;
      JobDriver.drive(second.getBean(ManagementService.class), run,
          () -> finished(second, root, "Task_StartSysvmadm"));
      assertThat(finished(second, run, "Task_StartSysvmadm")).as("sysvmadm started; incidents: %s",
          runs(second).incidents(run)).isTrue();
      assertThat(lab.restarts()).as("sysvmadm is still at work when the service goes away").hasSizeLessThan(systemVms);
    }

    try (ConfigurableApplicationContext third = service("csRestartThird", "restart-engine")) {
      PathRuns runs = runs(third);
      runs.drive(run);
      assertThat(runs.incidents(run)).isEmpty();
      assertThat(runs.openGates(run)).isEmpty();
      assertThat(runs.ended(run)).isTrue();
      assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
      RestRuns rest = new RestRuns(new TestRestTemplate(), "http://localhost:"
          + third.getEnvironment().getProperty("local.server.port"), "csRestartThird");
      rest.assertCompleted(run);
    }
    assertChangedWhatTheUninterruptedRunChanged(portBefore);
  }

  /**
   * The service runs as a child JVM with its job executor on and real (short) poll intervals;
   * the test only starts the run and completes the gates over REST as ops, cm and cm2, and
   * watches the lab. SIGKILL while the database upgrade runs, start again; SIGKILL while sysvmadm
   * runs, start again; the run finishes. The dead node's job locks expire after 20 s.
   */
  @Test
  void aRunWhoseServiceIsKilledDuringTheDatabaseUpgradeAndDuringSysvmadmChangesWhatARunWithoutKillsChanges()
      throws Exception {
    initialEstate();
    // two seconds per system VM: the kill must land while sysvmadm is at work
    lab.setTimings(LAB_TIMINGS.withSystemVmRestart(Duration.ofSeconds(1000)));
    Integer portBefore = new EstateTruth(estate).database().integrationApiPort().orElse(null);
    Path environments = dir.resolve("kill-environments");
    Path file = EnvironmentYaml.write(estate.environment(), environments);
    assertThat(new EnvironmentFileReader(new MasterCipher(null)).read(file).hosts())
        .as("the environment file names the lab's hosts").hasSameSizeAs(estate.environment().hosts());
    // the service's logs where the reports are: the temporary directory is gone when a failure is read
    Path logs = Files.createDirectories(Path.of("target", "failsafe-reports", getClass().getSimpleName() + "-service"));
    try (ServiceProcess service = new ServiceProcess(logs, List.of(
        "--spring.profiles.active=test,lab-users",
        "--camunda.bpm.process-engine-name=csKill",
        "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("kill-engine").toAbsolutePath()
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000",
        "--camunda.bpm.webapp.enabled=false",
        "--camunda.bpm.job-execution.enabled=true",
        // a killed node's locks expire soon; every job of a run ends well within it
        "--camunda.bpm.job-execution.lock-time-in-millis=20000",
        "--camunda.bpm.job-execution.wait-time-in-millis=500",
        "--camunda.bpm.job-execution.max-wait=1000",
        "--upgradeflow.environments-dir=" + environments,
        "--upgradeflow.ssh.step-log-dir=" + dir.resolve("kill-step-logs"),
        "--upgradeflow.cloudstack.paths.poll-interval=PT1S",
        "--upgradeflow.cloudstack.paths.retry-cycle=R3/PT1S",
        "--upgradeflow.cloudstack.db-jobs.backup-poll=PT1S",
        "--upgradeflow.cloudstack.db-jobs.restore-poll=PT1S",
        "--upgradeflow.cloudstack.db-jobs.system-vm-poll=PT1S"))) {
      Duration startTimeout = Duration.ofMinutes(4);
      service.start(startTimeout);
      RestRuns rest = new RestRuns(new TestRestTemplate(), service.baseUrl(), "csKill");
      String run = rest.start(estate.id(), "ops");
      rest.decide(run, "ApprovePlan", "cm", "approve");
      rest.decide(run, "ApprovePlan", "cm2", "approve");
      rest.decide(run, "SystemVmTemplates", "cm", "approve");

      await("the database upgrade runs", lab::upgradeRunning);
      service.kill();
      service.launch();

      // the journal records a detached job when it ends; the lab's system VMs show it at work
      await("sysvmadm restarted a first system VM", () -> !lab.restarts().isEmpty());
      service.kill();
      assertThat(lab.restarts()).as("sysvmadm is still at work when the service is killed").hasSizeLessThan(systemVms);
      service.start(startTimeout);

      Map<?, ?> view = rest.awaitEnd(run, ENDED);
      assertThat((List<?>) view.get("incidents")).as("incidents").isEmpty();
      rest.assertCompleted(run);
    }
    assertChangedWhatTheUninterruptedRunChanged(portBefore);
  }

  /**
   * Waits (bounded: a service start on a loaded machine included) for the lab to reach a state;
   * the lab's work takes real, scaled time. Polled often: the state may last only seconds.
   */
  private static void await(String what, BooleanSupplier state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline && !state.getAsBoolean()) {
      Thread.sleep(20);
    }
    assertThat(state.getAsBoolean()).as(what).isTrue();
  }

  /** The lab's truth after an interrupted run, and its journal against the run without interruption. */
  private static void assertChangedWhatTheUninterruptedRunChanged(Integer portBefore) throws Exception {
    EstateTruth truth = new EstateTruth(estate);
    truth.pathCompleted("4.3.2", portBefore);
    assertThat(lab.restarts()).as("every system VM restarted once").extracting(CloudStackLab.SystemVmRestart::id)
        .doesNotHaveDuplicates().hasSize(systemVms);
    RunJournal interrupted = RunJournal.of(estate);
    assertThat(interrupted.count("ms1", "background", "cloudstack-sysvmadm")).as("sysvmadm started").isEqualTo(1);
    assertThat(interrupted.count("ms1", "exec", "'cloudstack-management' start"))
        .as("ms1 started as often as without interruption")
        .isEqualTo(uninterrupted.count("ms1", "exec", "'cloudstack-management' start"));
    truth.stateChangesOncePerHost();
    assertThat(interrupted).as("what the interrupted run changed, host by host").isEqualTo(uninterrupted);
  }
}
