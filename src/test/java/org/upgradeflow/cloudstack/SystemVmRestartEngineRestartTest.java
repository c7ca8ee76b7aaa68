package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.db.MariaDb4jLabDatabaseServers;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.LabEstates;
import org.upgradeflow.lab.estate.LabProperties;
import org.upgradeflow.lab.host.LabHostFleet;

/**
 * The service is restarted (a new Spring context, a new engine on the same engine database file)
 * while sysvmadm runs on the management server: the run continues from the engine's database,
 * adopts the running job and finishes; sysvmadm was started exactly once.
 */
class SystemVmRestartEngineRestartTest {

  @TempDir
  static Path dir;
  static LabHostFleet fleet;
  static LabEstates estates;
  static LabEstate estate;
  static CloudStackLab lab;

  @BeforeAll
  static void startLab() {
    fleet = new LabHostFleet(dir.resolve("lab"));
    estates = new LabEstates(fleet, LabProperties.defaults(dir.resolve("lab")).withTimeScale(0.002)
        .withEstates(List.of("lab-cs-42x")).withKvmHostsPerOs(1), new MariaDb4jLabDatabaseServers());
    estates.startConfigured();
    estate = estates.find("lab-cs-42x").orElseThrow();
    lab = CloudStackLab.of(estate).orElseThrow();
    // 500 s per VM at the lab's time scale: a second per VM, long enough to restart the service in between
    lab.setTimings(new CloudStackLab.Timings(CloudStackLab.Timings.DEFAULT.upgradeHop(), Duration.ofSeconds(500)));
  }

  @AfterAll
  static void stopLab() {
    estates.close();
    fleet.close();
  }

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  private static ConfigurableApplicationContext service(String engineName) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(UpgradeFlowApplication.class)
        .profiles("test", "lab-users")
        .run("--server.port=0",
            "--camunda.bpm.process-engine-name=" + engineName,
            "--camunda.bpm.job-execution.enabled=false",
            "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("engine").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
    context.getBean(EnvironmentRegistry.class).register(estate.environment());
    return context;
  }

  @Test
  void aRestartedServiceFollowsTheRunningSysvmadmInsteadOfStartingItAgain() {
    String run;
    try (ConfigurableApplicationContext first = service("restartBefore")) {
      ProcessEngine engine = first.getBean(ProcessEngine.class);
      run = engine.getRuntimeService().startProcessInstanceByKey("CloudStackRestartSystemVms", "restart-test",
          Map.of("environmentId", estate.id(), "runId", "engine-restart", "targetVersion", "4.3.2")).getId();
      String id = run;
      drive(engine, run, () -> engine.getHistoryService().createHistoricActivityInstanceQuery()
          .processInstanceId(id).activityId("Task_StartSysvmadm").finished().count() > 0);
      assertThat(lab.restarts()).as("sysvmadm is still at work when the service goes away").hasSizeLessThan(4);
    }

    try (ConfigurableApplicationContext second = service("restartAfter")) {
      ProcessEngine engine = second.getBean(ProcessEngine.class);
      drive(engine, run, () -> false);
      assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(run)
          .activityId("EndEvent_SystemVmsRestarted").finished().count()).isEqualTo(1);
      assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
          .variableName("systemVmsDone").singleResult().getValue()).isEqualTo((long) lab.restarts().size());
    }
    assertThat(lab.restarts()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(estate.host("ms1").state().journal().entries().stream()
        .filter(e -> e.source().equals("background") && e.command().contains("cloudstack-sysvmadm"))).hasSize(1);
  }

  /** Runs the instance's jobs (timers by moving the engine's clock) until done or {@code stop} holds. */
  private static void drive(ProcessEngine engine, String root, BooleanSupplier stop) {
    var management = engine.getManagementService();
    for (int i = 0; i < 5000 && !stop.getAsBoolean(); i++) {
      List<Job> jobs = management.createJobQuery().list().stream()
          .filter(j -> root.equals(j.getRootProcessInstanceId())).toList();
      if (jobs.isEmpty()) {
        return;
      }
      Job job = jobs.get(0);
      if (job.getDuedate() != null && job.getDuedate().after(ClockUtil.getCurrentTime())) {
        ClockUtil.setCurrentTime(new Date(job.getDuedate().getTime() + 1));
      }
      management.executeJob(job.getId());
    }
  }
}
