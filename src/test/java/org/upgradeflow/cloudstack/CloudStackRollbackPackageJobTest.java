package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Incident;
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
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.testing.LabRig;

/**
 * The rollback's package run on the 4.2.x path (lab-cs-42x) as a detached job: ms2's package
 * upgrade fails, the change manager rolls back, and ms1's downgrade to 4.2.1 hangs in yum. The
 * job is followed by timer-driven looks without an incident, redoing its start step starts no
 * second package run, past {@code rollback-package-timeout} the rollback stops with an incident
 * naming host, packages and versions, and once an operator fixed ms1 by hand a retry of the
 * incident finishes the rollback; a yum that fails stops it the same way. Judged by the lab's truth (journal, packages, jobs).
 */
@ServiceTest
class CloudStackRollbackPackageJobTest {

  static final String ESTATE = "lab-cs-42x";

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
    registry.register(estate.environment());
    runs = new PathRuns(runtime, tasks, management, identity, history);
    cloudStack.setTemplateDownload("XenServer", "DOWNLOADED", 100);
    cloudStack.registerVmwareTemplate();
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    estate.host("ms1").state().faults().clear();
    estate.host("ms2").state().faults().clear();
    estate.reset();
  }

  @Test
  void aHangingRollbackYumIsPolledStartedOnceAndPastTheDeadlineStopsTheRollbackUntilFixedByHand() throws Exception {
    Map<String, Object> initial = new EstateTruth(estate).restorable();
    String run = waitingAtResolveFailure();

    // rollback: ms1's yum downgrade never returns
    estate.host("ms1").state().faults().inject(FaultMatcher.program("yum"), Fault.hang());
    runs.complete("cm", runs.gate(run, "ResolveFailure"), "rollback", "ms2's mirror is broken; back to 4.2.1");
    JobDriver.drive(management, run, () -> finished(run, "Task_CheckSourcePackageReinstall") >= 3);

    String runId = Objects.toString(runs.variable(run, "runId"), run);
    String jobId = SourceReinstall.jobPrefix(runId, "ms1") + "1";
    assertThat(runs.incidents(run)).as("a package run that takes long is no incident").isEmpty();
    assertThat(job("ms1", jobId).state()).isEqualTo(JobStatus.State.RUNNING);
    assertThat(estate.host("ms1").state().packages().get("cloudstack-management")).isEqualTo("4.3.2");
    assertThat(packageRunsStarted("ms1")).isOne();

    // the start step run again while the job runs (as after a lost lock or an operator's redo): the job is followed
    String rollback = runtime.createProcessInstanceQuery().rootProcessInstanceId(run)
        .processDefinitionKey("CloudStackRollback").singleResult().getId();
    ActivityInstance timer = find(runtime.getActivityInstance(rollback), "Timer_SourcePackagesPoll").orElseThrow();
    runtime.createProcessInstanceModification(rollback)
        .startBeforeActivity("Task_StartSourcePackageReinstall", timer.getParentActivityInstanceId())
        .cancelActivityInstance(timer.getId())
        .execute();
    long checks = finished(run, "Task_CheckSourcePackageReinstall");
    JobDriver.drive(management, run, () -> finished(run, "Task_CheckSourcePackageReinstall") >= checks + 2);
    assertThat(finished(run, "Task_StartSourcePackageReinstall")).as("ms1 twice (ms2 comes after it)")
        .isEqualTo(2);
    assertThat(runs.incidents(run)).isEmpty();
    assertThat(packageRunsStarted("ms1")).as("one package run on ms1 although its start ran twice").isOne();

    // past upgradeflow.cloudstack.paths.rollback-package-timeout (30 minutes of engine time at 30 s polls)
    runs.drive(run);
    assertThat(finished(run, "Task_CheckSourcePackageReinstall")).as("looks before the deadline").isGreaterThan(50);
    // the step's own incident (the call activities above it carry one each, pointing at it)
    assertThat(runs.incidents(run)).filteredOn(i -> i.startsWith("Task_")).singleElement().asString().contains("Task_CheckSourcePackageReinstall", "ms1",
        "the rollback package job " + jobId + " still runs after PT30M", "cloudstack-management 4.3.2",
        "source release 4.2.1");
    assertThat(runs.ended(run)).as("the rollback waits for a person").isFalse();
    assertThat(finished(run, "Task_StartSourceServices")).isZero();
    assertThat(packageRunsStarted("ms1")).isOne();

    // an operator kills the stuck yum and downgrades ms1 by hand, then retries the incident
    estate.host("ms1").state().faults().clear();
    RemoteTarget ms1 = RemoteTarget.of(estate.environment(), "ms1");
    shell.exec(ms1, ShellCommand.of("kill {}", ShellArg.integer(job("ms1", jobId).pid()))).requireSuccess();
    shell.exec(ms1, ShellCommand.of("yum -y downgrade {} {}", ShellArg.packageName("cloudstack-management-4.2.1"),
        ShellArg.packageName("cloudstack-common-4.2.1"))).requireSuccess();
    Incident incident = runtime.createIncidentQuery().list().stream()
        .filter(i -> "Task_CheckSourcePackageReinstall".equals(i.getActivityId())).findFirst().orElseThrow();
    management.setJobRetries(incident.getConfiguration(), 1);
    runs.drive(run);

    runs.assertRolledBack(run);
    assertThat(new EstateTruth(estate).restorable()).containsExactlyInAnyOrderEntriesOf(initial);
    assertThat(packageRunsStarted("ms1")).isOne();
  }

  @Test
  void aRollbackYumThatFailsStopsTheRollbackNamingHostPackageAndVersions() {
    String run = waitingAtResolveFailure();
    estate.host("ms1").state().faults().inject(FaultMatcher.program("yum"),
        Fault.fail(1, "Error: Package: cloudstack-management-4.2.1-1.el6.x86_64 not available"));

    runs.decide(run, "ResolveFailure", "cm", "rollback", "ms2's mirror is broken; back to 4.2.1");

    String runId = Objects.toString(runs.variable(run, "runId"), run);
    assertThat(runs.incidents(run)).filteredOn(i -> i.startsWith("Task_")).singleElement().asString().contains(
        "Task_VerifySourcePackages", "ms1: cloudstack-management is 4.3.2, not the source release 4.2.1",
        "the package job " + SourceReinstall.jobPrefix(runId, "ms1") + "1 ended with exit 1",
        "cloudstack-management-4.2.1-1.el6.x86_64 not available");
    assertThat(runs.ended(run)).isFalse();
    assertThat(finished(run, "Task_StartSourceServices")).isZero();
    assertThat(packageRunsStarted("ms1")).as("the step's retries look again, they start nothing").isOne();
  }

  /** ms1 upgraded to 4.3.2, ms2's package run failed: the run waits at Gate_ResolveFailure. */
  private String waitingAtResolveFailure() {
    estate.host("ms2").state().faults().inject(FaultMatcher.program("yum"), Fault.fail(1, "Error: Nothing to do"));
    String run = runs.start(ESTATE, "ops");
    runs.drive(run);
    runs.decide(run, "ApprovePlan", "cm", "approve", null);
    runs.decide(run, "ApprovePlan", "cm2", "approve", null);
    runs.complete("cm", runs.gate(run, "SystemVmTemplates"), "approve", null);
    runs.drive(run);
    estate.host("ms2").state().faults().clear();
    assertThat(estate.host("ms1").state().packages().get("cloudstack-management")).isEqualTo("4.3.2");
    runs.gate(run, "ResolveFailure");
    return run;
  }

  private long finished(String run, String activityId) {
    return history.createHistoricActivityInstanceQuery().activityId(activityId).finished().list().stream()
        .filter(a -> run.equals(a.getRootProcessInstanceId())).count();
  }

  private static Optional<ActivityInstance> find(ActivityInstance tree, String activityId) {
    if (activityId.equals(tree.getActivityId())) {
      return Optional.of(tree);
    }
    for (ActivityInstance child : tree.getChildActivityInstances()) {
      Optional<ActivityInstance> found = find(child, activityId);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private JobStatus job(String host, String jobId) {
    return shell.jobStatus(RemoteTarget.of(estate.environment(), host), jobId, 5);
  }

  /** Rollback package jobs launched on the host: the launcher line names the job's directory. */
  private long packageRunsStarted(String host) {
    return estate.host(host).state().journal().entries().stream().map(JournalEntry::command)
        .filter(c -> c.startsWith("umask 077") && c.contains(".rollback-package." + host + ".")).count();
  }
}
