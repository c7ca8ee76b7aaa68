package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.ServiceContexts;

/**
 * The service is restarted (a new Spring context, a new engine on the same engine database file)
 * while sysvmadm runs on the management server: the run continues from the engine's database,
 * adopts the running job and finishes; sysvmadm was started exactly once.
 */
class SystemVmRestartEngineRestartTest {

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
    // 500 s per VM at the lab's time scale: a second per VM, long enough to restart the service in between
    lab.setTimings(new CloudStackLab.Timings(CloudStackLab.Timings.DEFAULT.upgradeHop(), Duration.ofSeconds(500)));
  }

  @AfterAll
  static void stopLab() {
    rig.close();
  }

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  private static ConfigurableApplicationContext service(String engineName) {
    ConfigurableApplicationContext context = ServiceContexts.start(engineName, dir.resolve("engine"));
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
      JobDriver.drive(engine.getManagementService(), run, () -> engine.getHistoryService().createHistoricActivityInstanceQuery()
          .processInstanceId(id).activityId("Task_StartSysvmadm").finished().count() > 0);
      assertThat(lab.restarts()).as("sysvmadm is still at work when the service goes away").hasSizeLessThan(4);
    }

    try (ConfigurableApplicationContext second = service("restartAfter")) {
      ProcessEngine engine = second.getBean(ProcessEngine.class);
      JobDriver.drive(engine.getManagementService(), run);
      assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(run)
          .activityId("EndEvent_SystemVmsRestarted").finished().count()).isEqualTo(1);
      assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run)
          .variableName("systemVmsDone").singleResult().getValue()).isEqualTo((long) lab.restarts().size());
    }
    assertThat(lab.restarts()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(estate.host("ms1").state().journal().entries().stream()
        .filter(e -> e.source().equals("background") && e.command().contains("cloudstack-sysvmadm"))).hasSize(1);
  }

}
