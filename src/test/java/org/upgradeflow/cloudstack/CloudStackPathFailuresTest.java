package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.Fault;
import org.upgradeflow.lab.host.FaultMatcher;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.lab.host.LabTimings;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.testing.LabRig;

/**
 * The 4.2.x path (lab-cs-42x) where things go wrong: a server package run that fails, a
 * management server whose API does not answer before sysvmadm (the whole path), and the system VM
 * restart fragment alone (as the path calls it) waiting for the API and cancelled while sysvmadm
 * runs. Gates completed as change managers; judged by the lab's truth (journal, packages, files).
 */
@ServiceTest
class CloudStackPathFailuresTest {

  static final String ESTATE = "lab-cs-42x";
  static final String PASSWORD_FILE = "/var/tmp/upgradeflow/secrets/sysvmadm.pw";

  @TempDir
  static Path dir;
  static LabRig lab;
  static LabEstate estate;
  static CloudStackLab cloudStack;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  @Autowired RemoteShell shell;
  PathRuns runs;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, ESTATE);
    estate = lab.estate(ESTATE);
    cloudStack = CloudStackLab.of(estate).orElseThrow();
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    estate.reset();
    cloudStack.setTimings(LabTimings.DEFAULTS);
    registry.register(estate.environment());
    runs = new PathRuns(runtime, tasks, management, identity, history);
    // what the operator does in the UI before a 4.2 upgrade: every 4.3 template READY
    cloudStack.setTemplateDownload("XenServer", "DOWNLOADED", 100);
    cloudStack.registerVmwareTemplate();
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    cloudStack.setTimings(LabTimings.DEFAULTS);
    estate.reset();
  }

  /** Started as ops, plan approved by cm and cm2, the template gate by cm; driven until {@code stop} holds. */
  private String runPastTheTemplateGate(java.util.function.Predicate<String> stop) {
    return runPastTheTemplateGate(java.util.Map.of(), stop);
  }

  private String runPastTheTemplateGate(java.util.Map<String, Object> variables, java.util.function.Predicate<String> stop) {
    String run = runs.start(ESTATE, "ops", variables);
    runs.drive(run);
    runs.decide(run, "ApprovePlan", "cm", "approve", null);
    runs.decide(run, "ApprovePlan", "cm2", "approve", null);
    runs.complete("cm", runs.gate(run, "SystemVmTemplates"), "approve", null);
    JobDriver.drive(management, run, () -> stop.test(run));
    return run;
  }

  /** CloudStackRestartSystemVms alone, as a path calls it. */
  private String restartSystemVms(String runId) {
    return runtime.startProcessInstanceByKey("CloudStackRestartSystemVms", java.util.Map.of("environmentId", ESTATE,
        "targetVersion", "4.3.2", "runId", runId)).getId();
  }

  private long finishedInRun(String run, String activityId) {
    return history.createHistoricActivityInstanceQuery().activityId(activityId).finished().list().stream()
        .filter(a -> run.equals(a.getRootProcessInstanceId())).count();
  }

  private String evidence(String run, String gateId) {
    return (String) runtime.getVariable(runs.gate(run, gateId).getProcessInstanceId(), "gateEvidenceSummary");
  }

  /** Detached package runs on the host (the job's own line, journaled when it ends; a run the lab refuses is counted too). */
  private long packageRuns(String host, String pkg) {
    LabRig.awaitJobsEnded(estate);
    return estate.host(host).state().journal().entries().stream().map(JournalEntry::command)
        .filter(c -> c.startsWith("setsid nohup") && c.contains("yum -y upgrade") && c.contains(pkg)).count();
  }

  /** sysvmadm jobs started on ms1 (the launcher line: a running job's own line is journaled when it ends). */
  private long sysvmadmRuns() {
    return estate.host("ms1").state().journal().entries().stream()
        .filter(e -> e.source().equals("exec") && e.command().contains("setsid nohup")
            && e.command().contains("cloudstack-sysvmadm")).count();
  }

  private boolean passwordFileOnMs1() {
    return Files.exists(estate.host("ms1").state().path(PASSWORD_FILE));
  }

  private JobStatus job(String host, String jobId) {
    return shell.jobStatus(RemoteTarget.of(estate.environment(), host), jobId, 5);
  }

  @Test
  void aFailedServerPackageRunWaitsAtResolveFailureAndRetryRunsAttemptTwoOnce() {
    estate.host("ms2").state().faults().inject(FaultMatcher.program("yum"),
        Fault.fail(1, "Error: Package: cloudstack-management-4.3.2-1.el6.x86_64 (cloudstack)\n"
            + "           Requires: ipmitool"));
    String run = runPastTheTemplateGate(r -> false);

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(evidence(run, "ResolveFailure")).contains("Task_UpgradeManagementPackages failed", "ms2",
        "cloudstack-management is 4.2.1", "target 4.3");
    assertThat(estate.host("ms1").state().packages().get("cloudstack-management")).isEqualTo("4.3.2");
    assertThat(estate.host("ms2").state().packages().get("cloudstack-management")).isEqualTo("4.2.1");
    assertThat(packageRuns("usage1", "cloudstack-usage")).as("the usage server waits").isZero();

    estate.host("ms2").state().faults().clear();
    runs.decide(run, "ResolveFailure", "cm", "retry", null);

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(runs.openGates(run)).isEmpty();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
    new EstateTruth(estate).upgradedTo("4.3.2");
    assertThat(packageRuns("ms2", "cloudstack-management")).as("attempt 1 and attempt 2 on ms2").isEqualTo(2);
    assertThat(packageRuns("ms1", "cloudstack-management")).isOne();
    assertThat(packageRuns("usage1", "cloudstack-usage")).isOne();
    String runId = Objects.toString(runs.variable(run, "runId"), run);
    assertThat(job("ms2", ManagementPackages.jobPrefix(runId, "ms2") + "2").succeeded()).isTrue();
    assertThat(job("ms2", ManagementPackages.jobPrefix(runId, "ms2") + "3").state()).isEqualTo(JobStatus.State.NOT_FOUND);
    assertThat(job("ms1", ManagementPackages.jobPrefix(runId, "ms1") + "2").state()).isEqualTo(JobStatus.State.NOT_FOUND);
  }

  @Test
  void aKvmHostNotBackUpWaitsAtResolveFailureAndRetryCompletes() {
    cloudStack.setStaysDisconnected("kvm-rhel-1", true);
    // one host per batch: kvm-rhel-1 first, kvm-ubuntu-1 in the later batch
    String run = runPastTheTemplateGate(java.util.Map.of("maxParallelHosts", 1), r -> false);

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(evidence(run, "ResolveFailure")).contains("CallActivity_UpgradeKvmHosts",
        "kvm-rhel-1: host not back: kvm-rhel-1's host row is Disconnected", "after its agent started");
    assertThat(estate.host("kvm-rhel-1").state().packages().get("cloudstack-agent")).isEqualTo("4.3.2");
    assertThat(estate.host("kvm-ubuntu-1").state().packages().get("cloudstack-agent")).as("later batch not started")
        .startsWith("4.2.");
    assertThat(estate.host("kvm-ubuntu-1").state().journal().entries().stream().map(JournalEntry::command))
        .doesNotContain("service 'cloudstack-agent' stop");

    cloudStack.setStaysDisconnected("kvm-rhel-1", false);
    runs.decide(run, "ResolveFailure", "cm", "retry", null);

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(runs.openGates(run)).isEmpty();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("completed");
    new EstateTruth(estate).upgradedTo("4.3.2");
    assertThat(packageRuns("kvm-rhel-1", "cloudstack-agent")).as("the agent at the target is not upgraded again").isOne();
  }

  @Test
  void aFailedServerPackageRunRolledBackLeavesTheInitialEstate() {
    java.util.Map<String, Object> initial = new EstateTruth(estate).restorable();
    estate.host("ms2").state().faults().inject(FaultMatcher.program("yum"), Fault.fail(1, "Error: Nothing to do"));
    String run = runPastTheTemplateGate(r -> false);
    assertThat(evidence(run, "ResolveFailure")).contains("Task_UpgradeManagementPackages failed", "ms2");
    estate.host("ms2").state().faults().clear();

    runs.decide(run, "ResolveFailure", "cm", "rollback", "ms2's repository mirror is broken; back to 4.2.1");

    runs.assertRolledBack(run);
    assertThat(new EstateTruth(estate).restorable()).containsExactlyInAnyOrderEntriesOf(initial);
  }

  @Test
  void sysvmadmStartsOnlyOnceTheManagementServerAnswersOnItsIntegrationPort() {
    cloudStack.setTimings(LabTimings.DEFAULTS.withManagementStartUp(Duration.ofDays(10)));
    String restart = restartSystemVms("api-wait");
    JobDriver.drive(management, restart, () -> finishedInRun(restart, "Task_CheckManagementApi") >= 3);
    assertThat(finishedInRun(restart, "Task_CheckManagementApi")).isGreaterThanOrEqualTo(3);
    assertThat(finishedInRun(restart, "Timer_ManagementApiPoll")).as("timer polls").isGreaterThanOrEqualTo(2);
    assertThat(sysvmadmRuns()).as("not started while the API does not answer").isZero();

    // the management server is up now
    cloudStack.setTimings(LabTimings.DEFAULTS.withManagementStartUp(Duration.ZERO));
    JobDriver.drive(management, restart);

    assertThat(finishedInRun(restart, "EndEvent_SystemVmsRestarted")).isOne();
    assertThat(runtime.createIncidentQuery().processInstanceId(restart).count()).isZero();
    assertThat(sysvmadmRuns()).isOne();
    assertThat(cloudStack.restarts()).as("system VMs restarted through the API").isNotEmpty();
    assertThat(passwordFileOnMs1()).isFalse();
  }

  @Test
  void aManagementServerThatNeverAnswersStopsAtResolveFailureWithoutSysvmadm() {
    cloudStack.setTimings(LabTimings.DEFAULTS.withManagementStartUp(Duration.ofDays(10)));
    String run = runPastTheTemplateGate(r -> false);

    assertThat(runs.incidents(run)).isEmpty();
    assertThat(evidence(run, "ResolveFailure")).contains("CallActivity_RestartSystemVms failed",
        "ms1 did not answer on the integration API", "last HTTP status 000", "sysvmadm not started");
    assertThat(sysvmadmRuns()).isZero();
    assertThat(passwordFileOnMs1()).isFalse();

    runs.decide(run, "ResolveFailure", "cm", "abort", "management server does not come up; investigating");
    assertThat(runs.ended(run)).isTrue();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("aborted");
  }

  @Test
  void aRunCancelledWhileSysvmadmRunsLeavesNoPasswordFile() {
    // sysvmadm takes a day per VM: it is still running when the run is cancelled
    cloudStack.setTimings(LabTimings.DEFAULTS.withSystemVmRestart(Duration.ofDays(1)).withManagementStartUp(Duration.ZERO));
    String restart = restartSystemVms("cancelled");
    JobDriver.drive(management, restart, () -> finishedInRun(restart, "Task_StartSysvmadm") >= 1);
    assertThat(sysvmadmRuns()).isOne();
    assertThat(passwordFileOnMs1()).as("written for sysvmadm").isTrue();

    runtime.deleteProcessInstance(restart, "aborted by cm: change window closed");

    assertThat(runtime.createProcessInstanceQuery().processInstanceId(restart).count()).isZero();
    assertThat(passwordFileOnMs1()).as("removed when the run was cancelled").isFalse();
  }
}
