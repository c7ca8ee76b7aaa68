package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.Fault;
import org.upgradeflow.lab.host.FaultMatcher;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * CloudStackKvmHosts on the engine against a lab estate with eight KVM hosts (four RHEL, four
 * Ubuntu), three at a time, called the way the paths call it (FixtureKvmHostsCaller). Judged by
 * the hosts' journals and state, not by the process's own variables. The estates have their
 * database: after its agent starts, a host waits until its {@code host} row is Up.
 */
@ServiceTest
class CloudStackKvmHostsProcessTest {

  @TempDir
  static Path dir;
  static LabRig lab;
  static LabEstate estate;

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired IdentityService identity;
  @Autowired EnvironmentRegistry registry;
  @Autowired TestRestTemplate http;
  @Autowired RemoteShell shell;
  @Autowired RepositoryPointer repositories;
  @Autowired PathSettings paths;
  @Autowired PathProperties pathProperties;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, p -> p.withKvmHostsPerOs(4), "lab-cs-42x", "lab-cs-40x");
    estate = lab.estate("lab-cs-42x");
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @BeforeEach
  void register() {
    lab.estates().forEach(e -> {
      e.reset();
      registry.register(e.environment());
    });
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    CloudStackLab.of(estate).orElseThrow().setStaysDisconnected("kvm-rhel-2", false);
  }

  private String start(String environmentId, String source, Map<String, Object> extra) {
    Map<String, Object> variables = new HashMap<>(Map.of("environmentId", environmentId, "runId", "run-" + System.nanoTime(),
        "sourceVersion", source, "targetVersion", "4.3.0", "pathProcessId", "FixtureKvmHostsCaller"));
    variables.putAll(extra);
    identity.setAuthentication("ops", List.of("operators"));
    try {
      return runtime.startProcessInstanceByKey("FixtureKvmHostsCaller", variables).getId();
    } finally {
      identity.clearAuthentication();
    }
  }

  private void drive(String root, java.util.function.BooleanSupplier stopWhen) {
    JobDriver.drive(management, root, stopWhen);
  }

  private void drive(String root) {
    JobDriver.drive(management, root);
  }

  private Object variable(String processInstanceId, String name) {
    var v = history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name)
        .singleResult();
    return v == null ? null : v.getValue();
  }

  private List<String> endEvents(String processInstanceId) {
    return history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).activityType("noneEndEvent")
        .list().stream().map(a -> a.getActivityId()).toList();
  }

  private static List<JournalEntry> journal(LabEstate e, String host) {
    LabRig.awaitJobsEnded(e);
    return e.host(host).state().journal().entries();
  }

  private static long upgradeRuns(LabEstate e, String host) {
    return journal(e, host).stream().filter(j -> j.command().startsWith("setsid nohup") && j.command().contains("upgrade")
        || j.command().startsWith("setsid nohup") && j.command().contains("install")).count();
  }

  private static List<String> kvmHosts(LabEstate e) {
    return e.environment().hosts(HostRole.KVM_HOST).stream().map(h -> h.name()).toList();
  }

  @Test
  void upgradesEveryHostOnceInBatchesOfThree() {
    String run = start("lab-cs-42x", "4.2.1", Map.of("maxParallelHosts", 3));
    drive(run);

    assertThat(endEvents(run)).containsExactly("EndEvent_Done");
    List<String> hosts = kvmHosts(estate);
    assertThat(hosts).hasSize(8);
    for (String h : hosts) {
      var state = estate.host(h).state();
      assertThat(state.packages().get("cloudstack-agent")).as(h).startsWith("4.3.");
      assertThat(state.services().get("cloudstack-agent").running()).as(h).isTrue();
      assertThat(upgradeRuns(estate, h)).as(h).isEqualTo(1);
      assertThat(journal(estate, h).stream().map(JournalEntry::command)).as(h)
          .containsOnlyOnce("service 'cloudstack-agent' stop", "service 'cloudstack-agent' start");
    }
    // batches: every host of a batch finished before the first command of the next batch
    List<List<String>> batches = KvmHostBatches.batches(hosts, 3);
    assertThat(batches).hasSize(3);
    for (int b = 1; b < batches.size(); b++) {
      Instant lastOfPrevious = batches.get(b - 1).stream().map(h -> last(journal(estate, h))).max(Comparator.naturalOrder())
          .orElseThrow();
      Instant firstOfThis = batches.get(b).stream().map(h -> journal(estate, h).get(0).time()).min(Comparator.naturalOrder())
          .orElseThrow();
      assertThat(firstOfThis).as("batch " + (b + 1) + " starts after batch " + b + " finished").isAfterOrEqualTo(lastOfPrevious);
    }
    assertThat(variable(run, "hostsDone")).isEqualTo(8);
    assertThat(variable(run, "hostsTotal")).isEqualTo(8);
    // dpkg asked about the changed conffiles; the step kept the host's configuration (the guide's "say Yes")
    assertThat(new String(readFile(estate, "kvm-ubuntu-1", "/etc/cloudstack/agent/agent.properties")))
        .contains("guid=lab-cs-42x-kvm-ubuntu-1");
    assertThat(new String(readFile(estate, "kvm-ubuntu-1", "/etc/cloudstack/agent/agent.properties.dpkg-dist")))
        .contains("host=localhost");
  }

  private static Instant last(List<JournalEntry> entries) {
    return entries.get(entries.size() - 1).time();
  }

  @Test
  void aFailedHostLetsItsBatchFinishAndStopsTheNextBatch() {
    estate.host("kvm-rhel-2").state().faults().inject(FaultMatcher.program("yum"),
        Fault.fail(1, "Error: Package: cloudstack-agent-4.3.0 requires: jsvc (lab fault)"));
    estate.host("kvm-rhel-3").state().faults().inject(FaultMatcher.commandContains("service cloudstack-agent start"),
        Fault.fail(1, "Starting cloudstack-agent: [FAILED] (lab fault)"));
    String run = start("lab-cs-42x", "4.2.1", Map.of("maxParallelHosts", 3));

    // while the first batch runs, /api/runs shows the hosts' progress of the run
    drive(run, () -> Integer.valueOf(1).equals(runtime.createVariableInstanceQuery().processInstanceIdIn(run)
        .variableName("hostsDone").list().stream().findFirst().map(v -> v.getValue()).orElse(null)));
    Map<?, ?> view = http.withBasicAuth("ops", "ops").getForObject("/api/runs/" + run, Map.class);
    assertThat(view.get("progress").toString()).contains("hosts").contains("done=1").contains("total=8");

    drive(run);

    assertThat(endEvents(run)).containsExactly("EndEvent_HostsFailed");
    List<List<String>> batches = KvmHostBatches.batches(kvmHosts(estate), 3);
    assertThat(batches.get(0)).containsExactly("kvm-rhel-1", "kvm-rhel-2", "kvm-rhel-3");
    assertThat(estate.host("kvm-rhel-1").state().packages().get("cloudstack-agent")).startsWith("4.3.");
    assertThat(estate.host("kvm-rhel-1").state().services().get("cloudstack-agent").running()).isTrue();
    assertThat(estate.host("kvm-rhel-2").state().packages().get("cloudstack-agent")).startsWith("4.2.");
    // kvm-rhel-3 was upgraded but its agent did not start
    assertThat(estate.host("kvm-rhel-3").state().packages().get("cloudstack-agent")).startsWith("4.3.");
    assertThat(estate.host("kvm-rhel-3").state().services().get("cloudstack-agent").running()).isFalse();
    List<String> notStarted = new ArrayList<>(batches.get(1));
    notStarted.addAll(batches.get(2));
    notStarted.forEach(h -> assertThat(journal(estate, h)).as(h + " is in a later batch").isEmpty());

    assertThat(((String) variable(run, "failedHosts")).split(",")).containsExactlyInAnyOrder("kvm-rhel-2", "kvm-rhel-3");
    assertThat((String) variable(run, "failureSummary")).contains("2 KVM host(s) failed in batch 1 of 3",
        "1 of 8 hosts upgraded", "kvm-rhel-2: yum -y upgrade 'cloudstack-agent' failed (exit 1)",
        "kvm-rhel-3: cloudstack-agent did not start (exit 1)");
    assertThat((String) variable(run, "failureLogTail")).contains("== kvm-rhel-2", "requires: jsvc (lab fault)",
        "== kvm-rhel-3", "[FAILED] (lab fault)");
    assertThat(variable(run, "hostsDone")).isEqualTo(1);
  }

  /** The values of a variable in the called fragment's scopes (each host has its own). */
  private List<Object> fragmentValues(String run, String name) {
    List<String> fragments = history.createHistoricProcessInstanceQuery().superProcessInstanceId(run).list().stream()
        .map(p -> p.getId()).toList();
    return history.createHistoricVariableInstanceQuery().processInstanceIdIn(fragments.toArray(String[]::new))
        .variableName(name).list().stream().map(v -> v.getValue()).toList();
  }

  private long finishedInRun(String run, String activityId) {
    return history.createHistoricActivityInstanceQuery().activityId(activityId).finished().list().stream()
        .filter(a -> run.equals(a.getRootProcessInstanceId())).count();
  }

  @Test
  void aHostWhoseRowStaysDisconnectedIsNotBackStopsTheNextBatchAndARetryCompletes() {
    CloudStackLab cloudStack = CloudStackLab.of(estate).orElseThrow();
    cloudStack.setStaysDisconnected("kvm-rhel-2", true);
    String run = start("lab-cs-42x", "4.2.1", Map.of("maxParallelHosts", 3));
    drive(run);

    assertThat(endEvents(run)).containsExactly("EndEvent_HostsFailed");
    assertThat(variable(run, "failedHosts")).isEqualTo("kvm-rhel-2");
    assertThat((String) variable(run, "failureSummary")).contains("1 KVM host(s) failed in batch 1 of 3",
        "kvm-rhel-2: host not back: kvm-rhel-2's host row is Disconnected", "after its agent started",
        "the management server does not see the agent");
    assertThat((String) variable(run, "failureLogTail")).contains("== kvm-rhel-2");
    // the agent itself was upgraded and runs; the others of the batch finished
    assertThat(estate.host("kvm-rhel-2").state().packages().get("cloudstack-agent")).startsWith("4.3.");
    assertThat(estate.host("kvm-rhel-2").state().services().get("cloudstack-agent").running()).isTrue();
    assertThat(variable(run, "hostsDone")).isEqualTo(2);
    List<List<String>> batches = KvmHostBatches.batches(kvmHosts(estate), 3);
    batches.subList(1, batches.size()).forEach(b -> b.forEach(h ->
        assertThat(journal(estate, h)).as(h + " is in a later batch").isEmpty()));
    // the wait lasted the deadline in polls (the engine's clock), and the host's status was on view
    long polls = pathProperties.hostUpTimeout().toSeconds() / pathProperties.pollInterval().toSeconds();
    assertThat(finishedInRun(run, "Timer_KvmHostUpPoll")).isGreaterThanOrEqualTo(polls);
    assertThat(fragmentValues(run, "kvmHostStatus")).contains("Disconnected", "Up");

    // the fault cleared, the fragment again (what retry at Gate_ResolveFailure starts)
    cloudStack.setStaysDisconnected("kvm-rhel-2", false);
    String retry = start("lab-cs-42x", "4.2.1", Map.of("maxParallelHosts", 3));
    drive(retry);

    assertThat(endEvents(retry)).containsExactly("EndEvent_Done");
    assertThat(variable(retry, "hostsDone")).isEqualTo(8);
    assertThat(fragmentValues(retry, "kvmHostStatus")).containsOnly("Up");
    for (String h : kvmHosts(estate)) {
      assertThat(estate.host(h).state().packages().get("cloudstack-agent")).as(h).startsWith("4.3.");
      assertThat(upgradeRuns(estate, h)).as(h).isEqualTo(1);
      assertThat(journal(estate, h).stream().map(JournalEntry::command)).as(h)
          .containsOnlyOnce("service 'cloudstack-agent' stop", "service 'cloudstack-agent' start");
    }
  }

  @Test
  void on40TheRenamedAgentIsInstalledAndKeepsItsConfiguration() {
    LabEstate old = lab.estate("lab-cs-40x");
    // kvm-rhel-1 was upgraded by hand while its agent ran: the old jsvc still runs and blocks the new agent
    var env = old.environment();
    repositories.pointAt(env, env.host("kvm-rhel-1").orElseThrow(), "4.3");
    shell.exec(RemoteTarget.of(env, "kvm-rhel-1"), ShellCommand.of("yum -y upgrade cloud-agent")).requireSuccess();
    CloudStackLab lab = CloudStackLab.of(old).orElseThrow();
    assertThat(lab.strayJsvc("kvm-rhel-1")).isTrue();
    String run = start("lab-cs-40x", "4.0.2", Map.of());
    drive(run);

    assertThat(endEvents(run)).containsExactly("EndEvent_Done");
    for (String h : kvmHosts(old)) {
      var state = old.host(h).state();
      assertThat(state.packages()).as(h).doesNotContainKey("cloud-agent");
      assertThat(state.packages().get("cloudstack-agent")).as(h).startsWith("4.3.");
      assertThat(state.services().get("cloudstack-agent").running()).as(h).isTrue();
      assertThat(lab.strayJsvc(h)).as(h).isFalse();
      if (h.equals("kvm-rhel-1")) {
        // at the target already: not stopped and not upgraded again; the stale jsvc killed before the start
        assertThat(upgradeRuns(old, h)).isZero();
        assertThat(journal(old, h).stream().map(JournalEntry::command)).containsSubsequence(
            "killall jsvc || test $? -eq 1", "service 'cloudstack-agent' start");
        continue;
      }
      assertThat(journal(old, h).stream().map(JournalEntry::command)).as(h).containsOnlyOnce("service 'cloud-agent' stop");
      assertThat(upgradeRuns(old, h)).as(h).isEqualTo(1);
      String properties = new String(readFile(old, h, "/etc/cloudstack/agent/agent.properties"));
      assertThat(properties).as(h).contains("guid=lab-cs-40x-" + h, AgentProperties.RESOURCE);
    }
  }

  @Test
  void aPathMayPointHostsAtOneRelease() {
    String run = start("lab-cs-42x", "4.2.1", Map.of("targetVersion", "4.3.1", "repositoryVersion", "4.3.1"));
    drive(run);

    assertThat(endEvents(run)).containsExactly("EndEvent_Done");
    for (String h : kvmHosts(estate)) {
      assertThat(estate.host(h).state().packages().get("cloudstack-agent")).as(h).isEqualTo("4.3.1");
    }
  }

  @Test
  void anUnreachableHostIsRetriedOnThePathsRetryCycleThenAnIncident() {
    estate.host("kvm-ubuntu-4").setReachable(false);
    String run = start("lab-cs-42x", "4.2.1", Map.of("maxParallelHosts", 8));
    drive(run);

    var incident = runtime.createIncidentQuery().list().stream()
        .filter(i -> run.equals(runtime.createProcessInstanceQuery().processInstanceId(i.getProcessInstanceId())
            .singleResult().getRootProcessInstanceId())).findFirst().orElseThrow();
    assertThat(incident.getActivityId()).isEqualTo("Task_PointKvmRepository");
    assertThat(incident.getIncidentMessage()).contains("kvm-ubuntu-4");
    // the attempts and waits of the paths' retry cycle (upgradeflow.cloudstack.paths.retry-cycle)
    String[] cycle = paths.getRetryCycle().split("/");
    int attempts = Integer.parseInt(cycle[0].substring(1));
    long waitMillis = java.time.Duration.parse(cycle[1]).toMillis();
    var failures = history.createHistoricJobLogQuery().jobId(incident.getConfiguration()).failureLog()
        .orderByTimestamp().asc().list();
    assertThat(failures).hasSize(attempts);
    for (int i = 1; i < failures.size(); i++) {
      Date due = failures.get(i).getJobDueDate();
      long wait = (due == null ? failures.get(i - 1).getTimestamp() : due).getTime() - failures.get(i - 1).getTimestamp().getTime();
      assertThat(wait).as("wait before attempt " + (i + 1)).isBetween(waitMillis - 1000, waitMillis + 1000);
    }
    // the other hosts of the batch finished; the run waits for an operator (a technical failure is no HostsFailed)
    for (String h : kvmHosts(estate)) {
      if (!h.equals("kvm-ubuntu-4")) {
        assertThat(estate.host(h).state().packages().get("cloudstack-agent")).as(h).startsWith("4.3.");
      }
    }
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(run).count()).isOne();
    runtime.deleteProcessInstance(run, "test over");
  }

  private static byte[] readFile(LabEstate e, String host, String path) {
    try {
      return java.nio.file.Files.readAllBytes(e.host(host).state().path(path));
    } catch (java.io.IOException x) {
      throw new java.io.UncheckedIOException(x);
    }
  }
}
