package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.Fault;
import org.upgradeflow.lab.host.FaultMatcher;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.testing.JobDriver;

/**
 * CloudStackUpgradeServerPackage on the engine against the lab-cs-42x estate: the package run is
 * a detached job looked at by timer-driven short jobs, and a second start while it runs follows
 * it instead of starting another; a failed run ends with ServerPackageFailed and the next attempt. Judged by the hosts' state, journals and job directories.
 */
@ServiceTest
class CloudStackUpgradeServerPackageProcessTest {

  @TempDir
  static Path dir;
  static LabRig lab;
  static LabEstate estate;

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRegistry registry;
  @Autowired RemoteShell shell;
  @Autowired ManagementPackages packages;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, p -> p.withDatabase("none"), "lab-cs-42x");
    estate = lab.estate("lab-cs-42x");
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @BeforeEach
  void register() {
    estate.reset();
    registry.register(estate.environment());
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  private String start(String runId, String host) {
    return start(runId, host, Map.of());
  }

  private String start(String runId, String host, Map<String, Object> more) {
    Map<String, Object> variables = new HashMap<>(Map.of("environmentId", "lab-cs-42x", "runId", runId,
        "sourceVersion", "4.2.1", "targetVersion", "4.3.0", "host", host));
    variables.putAll(more);
    identity.setAuthentication("ops", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey("CloudStackUpgradeServerPackage", variables).getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  private long finished(String processInstanceId, String activityId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).activityId(activityId)
        .finished().count();
  }

  private static long packageRuns(String host) {
    LabRig.awaitJobsEnded(estate);
    return estate.host(host).state().journal().entries().stream().map(JournalEntry::command)
        .filter(c -> c.startsWith("setsid nohup") && (c.contains("upgrade") || c.contains("install"))).count();
  }

  private JobStatus job(String host, String jobId) {
    return shell.jobStatus(RemoteTarget.of(estate.environment(), host), jobId, 5);
  }

  @Test
  void upgradesEachServerPackageOnceAsADetachedJobAndLeavesAnUpgradedHostAlone() {
    for (String host : List.of("ms1", "usage1")) {
      String pkg = host.equals("usage1") ? "cloudstack-usage" : "cloudstack-management";
      assertThat(estate.host(host).state().packages().get(pkg)).as(host).startsWith("4.2.");
      String run = start("run-ok", host);
      JobDriver.drive(management, run);

      assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(run).singleResult().getEndActivityId())
          .as(host).isEqualTo("EndEvent_ServerPackageUpgraded");
      assertThat(estate.host(host).state().packages().get(pkg)).as(host).startsWith("4.3.");
      assertThat(packageRuns(host)).as(host).isEqualTo(1);
      assertThat(job(host, ManagementPackages.jobPrefix("run-ok", host) + "1").succeeded()).as(host).isTrue();
      assertThat(job(host, ManagementPackages.jobPrefix("run-ok", host) + "2").state())
          .as(host).isEqualTo(JobStatus.State.NOT_FOUND);
      assertThat(finished(run, "Timer_ServerPackageUpgradePoll")).as(host).isGreaterThanOrEqualTo(1);
      assertThat(finished(run, "Task_CheckServerPackageUpgrade")).as(host).isGreaterThanOrEqualTo(1);
    }

    // the same host again (a retried step): at the target, so no job and no look
    String again = start("run-ok", "ms1");
    JobDriver.drive(management, again);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(again).singleResult().getEndActivityId())
        .isEqualTo("EndEvent_ServerPackageUpgraded");
    assertThat(finished(again, "Task_CheckServerPackageUpgrade")).isZero();
    assertThat(packageRuns("ms1")).isEqualTo(1);
    assertThat(job("ms1", ManagementPackages.jobPrefix("run-ok", "ms1") + "2").state()).isEqualTo(JobStatus.State.NOT_FOUND);
  }

  @Test
  void aLongPackageRunIsPolledByShortJobsAndNotStartedTwice() {
    // yum does not return until killed: a package run longer than any job may take
    estate.host("ms1").state().faults().inject(FaultMatcher.program("yum"), Fault.hang(), 1);
    String run = start("run-long", "ms1");
    JobDriver.drive(management, run, () -> finished(run, "Task_CheckServerPackageUpgrade") >= 4);

    String jobId = ManagementPackages.jobPrefix("run-long", "ms1") + "1";
    assertThat(job("ms1", jobId).state()).isEqualTo(JobStatus.State.RUNNING);
    assertThat(finished(run, "Task_StartServerPackageUpgrade")).isOne();
    assertThat(finished(run, "Timer_ServerPackageUpgradePoll")).isGreaterThanOrEqualTo(4);
    assertThat(runtime.createIncidentQuery().processInstanceId(run).count()).isZero();

    // the start step run again while the job runs follows that job: no second package run
    var env = estate.environment();
    assertThat(packages.startUpgrade(env, env.host("ms1").orElseThrow(), Naming.CURRENT, CloudStackVersion.of(4, 3, 0),
        "run-long", 1)).isEqualTo(jobId);
    runtime.createProcessInstanceModification(run).startBeforeActivity("Task_StartServerPackageUpgrade").execute();
    JobDriver.drive(management, run, () -> finished(run, "Task_StartServerPackageUpgrade") >= 2);
    assertThat(job("ms1", ManagementPackages.jobPrefix("run-long", "ms1") + "2").state())
        .isEqualTo(JobStatus.State.NOT_FOUND);
    assertThat(job("ms1", jobId).state()).isEqualTo(JobStatus.State.RUNNING);

    // killed under the run: a business failure (no retries, no incident) naming host, version and target;
    // the attempt a retry would start is the next one, kept as a variable of the run
    Long pid = job("ms1", jobId).pid();
    assertThat(estate.host("ms1").state().processes().kill(pid.intValue())).isTrue();
    JobDriver.drive(management, run);
    assertThat(runtime.createIncidentQuery().processInstanceId(run).count()).isZero();
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(run).count()).isZero();
    assertThat(historicVariable(run, "failureSummary")).asString()
        .contains("ms1", "cloudstack-management is 4.2.", "target 4.3.0", "without an exit code");
    assertThat(historicVariable(run, "serverPackageAttempt.ms1")).isEqualTo(2);
    assertThat(estate.host("ms1").state().packages().get("cloudstack-management")).startsWith("4.2.");
    assertThat(job("ms1", ManagementPackages.jobPrefix("run-long", "ms1") + "2").state())
        .isEqualTo(JobStatus.State.NOT_FOUND);
  }

  @Test
  void theAttemptComesFromTheRunsVariableAndAnExistingAttemptIsFollowedWhateverItsState() {
    // attempt 1 of this run failed on ms1 (its job exists and ended with exit 1)
    estate.host("ms1").state().faults().inject(FaultMatcher.program("yum"), Fault.fail(1, "Error: Package: cloudstack-management-4.3.2 (cloudstack)\n       Requires: ipmitool"), 1);
    String first = start("run-att", "ms1");
    JobDriver.drive(management, first);
    assertThat(historicVariable(first, "serverPackageAttempt.ms1")).isEqualTo(2);
    assertThat(packageRuns("ms1")).isOne();

    // the same attempt again (a step run twice, an engine restart): the ended job is judged again, nothing starts
    Map<String, Object> same = new HashMap<>(Map.of("serverPackageAttempt.ms1", 1));
    String again = start("run-att", "ms1", same);
    JobDriver.drive(management, again);
    assertThat(packageRuns("ms1")).isOne();
    assertThat(historicVariable(again, "failureSummary")).asString().contains("ms1", "ended with exit 1");

    // retry chosen: attempt 2 starts once and reaches the target
    String retry = start("run-att", "ms1", Map.of("serverPackageAttempt.ms1", 2));
    JobDriver.drive(management, retry);
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(retry).singleResult().getEndActivityId())
        .isEqualTo("EndEvent_ServerPackageUpgraded");
    assertThat(packageRuns("ms1")).isEqualTo(2);
    assertThat(job("ms1", ManagementPackages.jobPrefix("run-att", "ms1") + "2").succeeded()).isTrue();
    assertThat(estate.host("ms1").state().packages().get("cloudstack-management")).startsWith("4.3.");
  }

  @Test
  void anUnreachableHostIsTechnicalRetriedThenAnIncidentNotAGate() {
    estate.host("ms1").state().faults().inject(FaultMatcher.program("yum"), Fault.hang(), 1);
    String run = start("run-down", "ms1");
    JobDriver.drive(management, run, () -> finished(run, "Task_CheckServerPackageUpgrade") >= 1);
    estate.host("ms1").setReachable(false);
    try {
      JobDriver.drive(management, run);
      var incident = runtime.createIncidentQuery().processInstanceId(run).list().stream().findFirst().orElseThrow();
      assertThat(incident.getActivityId()).isEqualTo("Task_CheckServerPackageUpgrade");
      assertThat(runtime.createProcessInstanceQuery().processInstanceId(run).count()).as("still waiting").isOne();
      assertThat(historicVariable(run, "failureSummary")).isNull();
      assertThat(historicVariable(run, "serverPackageAttempt.ms1")).isNull();
    } finally {
      estate.host("ms1").setReachable(true);
      runtime.deleteProcessInstance(run, "test over");
    }
  }

  private Object historicVariable(String processInstanceId, String name) {
    var v = history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name)
        .singleResult();
    return v == null ? null : v.getValue();
  }
}
