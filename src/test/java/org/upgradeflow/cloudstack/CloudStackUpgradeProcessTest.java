package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.gates.GateNotification;
import org.upgradeflow.gates.GateNotifier;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.MariaDbServer;

/**
 * CloudStackUpgrade on the engine against a lab estate (SSH hosts and its MariaDB): version,
 * path, pre-flight, plan, four-eyes approval; judged by the lab's journal, not by variables.
 */
@ServiceTest
class CloudStackUpgradeProcessTest {

  @TempDir
  static Path dir;
  static LabRig lab;
  static LabEstate estate;

  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  @Autowired GateNotifier notifier;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, "lab-cs-42x");
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

  private String start(String environmentId) {
    Map<String, Object> body = Map.of("variables", Map.of("environmentId", Map.of("value", environmentId)));
    Map<?, ?> started = http.withBasicAuth("ops", "ops")
        .postForObject("/engine-rest/process-definition/key/CloudStackUpgrade/start", body, Map.class);
    return (String) started.get("id");
  }

  /** Executes due jobs of the run and its called gates, one at a time, as the job executor would. */
  private void runJobs(String root) {
    for (int i = 0; i < 50; i++) {
      List<Job> due = management.createJobQuery().executable().list().stream()
          .filter(j -> root.equals(j.getRootProcessInstanceId())).toList();
      if (due.isEmpty()) {
        return;
      }
      management.executeJob(due.get(0).getId());
    }
  }

  private Task gate(String root) {
    return tasks.createTaskQuery().taskDefinitionKey("Gate_Decide").list().stream()
        .filter(t -> runtime.createProcessInstanceQuery().processInstanceId(t.getProcessInstanceId()).singleResult()
            .getRootProcessInstanceId().equals(root)).findFirst().orElseThrow();
  }

  private void approve(String user, Task task) {
    identity.setAuthentication(user, List.of("change-managers"));
    try {
      tasks.complete(task.getId(), Map.of("decision", "approve"));
    } finally {
      identity.clearAuthentication();
    }
  }

  private Object variable(String processInstanceId, String name) {
    var v = history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name)
        .singleResult();
    return v == null ? null : v.getValue();
  }

  @Test
  void detectsChecksPlansAndNeedsTwoApproversWithoutTouchingTheEstate() {
    String run = start("lab-cs-42x");
    runJobs(run);

    assertThat(variable(run, "sourceVersion")).asString().startsWith("4.2.");
    assertThat(variable(run, "pathProcessId")).isEqualTo("CloudStack42xTo43");
    assertThat((String) variable(run, "preflightSummary")).contains("ok   ssh ms1:", "ok   database database:",
        // each host fetches the 4.3 metadata its package manager would: yum repomd.xml, apt Release
        "ok   repository ms1: GET http://cloudstack.lab/rhel/4.3/repodata/repomd.xml: HTTP 200",
        "ok   repository usage1: GET http://cloudstack.lab/rhel/4.3/repodata/repomd.xml: HTTP 200",
        "ok   repository kvm-rhel-1: GET http://cloudstack.lab/rhel/4.3/repodata/repomd.xml: HTTP 200",
        "ok   repository kvm-ubuntu-1: GET http://cloudstack.lab/ubuntu/dists/precise/Release: HTTP 200");
    assertThat((String) variable(run, "preflightSummary")).doesNotContain("FAIL", "repository db1", "repository xen");
    assertThat((String) variable(run, "planSummary")).contains("3. Stop all management servers (ms1, ms2)",
        "Restart system VMs and routers");
    Task first = gate(run);
    assertThat(runtime.getVariable(first.getProcessInstanceId(), "gateId")).isEqualTo("ApprovePlan");

    approve("cm", first);
    runJobs(run);
    approve("cm2", gate(run));
    runJobs(run);

    assertThat(variable(run, "planDecision")).isEqualTo("approve");
    // the 4.2 path's first gate comes before anything is stopped
    assertThat(runtime.getVariable(gate(run).getProcessInstanceId(), "gateId")).isEqualTo("SystemVmTemplates");
    assertThat(runtime.getVariable(run, "stepsDone")).isEqualTo(1L);
    estate.hosts().forEach((name, host) -> assertThat(host.state().journal().commands()).as(name).isEmpty());
  }

  @Test
  void aHostThatCannotReachTheRepositoryFailsPreflightAndTheRunEndsWithNothingChanged() throws Exception {
    org.upgradeflow.lab.cloudstack.CloudStackLab.of(estate).orElseThrow().cutRepository("kvm-ubuntu-1");
    PathRuns runs = new PathRuns(runtime, tasks, management, identity, history);
    String run = runs.start("lab-cs-42x", "ops");
    runs.drive(run);

    String failure = "FAIL repository kvm-ubuntu-1: GET http://cloudstack.lab/ubuntu/dists/precise/Release failed"
        + " (curl exit 7, HTTP 000): curl: (7) Failed to connect to cloudstack.lab port 80: Connection refused";
    assertThat((String) variable(run, "preflightSummary")).contains(failure,
        "ok   repository kvm-rhel-1: GET http://cloudstack.lab/rhel/4.3/repodata/repomd.xml: HTTP 200");
    Task plan = runs.gate(run, "ApprovePlan");
    assertThat((String) runtime.getVariable(plan.getProcessInstanceId(), "gateEvidenceSummary"))
        .contains("pre-flight checks failed", failure);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runs.complete("cm", plan, "approve", null))
        .hasMessageContaining("override");
    runs.decide(run, "ApprovePlan", "cm", "reject", "kvm-ubuntu-1 cannot reach the repository; firewall ticket raised");

    assertThat(runs.ended(run)).isTrue();
    assertThat(variable(run, "runOutcome")).isEqualTo("aborted");
    estate.hosts().forEach((name, host) -> assertThat(host.state().journal().commands()).as(name).isEmpty());
  }

  @Test
  void tasklistStartsARunWithAFormAskingForTheEnvironment() {
    var form = http.withBasicAuth("ops", "ops")
        .getForEntity("/engine-rest/process-definition/key/CloudStackUpgrade/deployed-start-form", String.class);
    assertThat(form.getStatusCode().value()).isEqualTo(200);
    assertThat(form.getBody()).contains("StartCloudStackUpgradeForm", "\"key\": \"environmentId\"");
  }

  @Test
  void anUnknownEnvironmentIsRefusedAtStart() {
    Map<String, Object> body = Map.of("variables", Map.of("environmentId", Map.of("value", "nope")));
    var response = http.withBasicAuth("ops", "ops")
        .postForEntity("/engine-rest/process-definition/key/CloudStackUpgrade/start", body, Map.class);
    assertThat(response.getStatusCode().is2xxSuccessful()).isFalse();
    assertThat(String.valueOf(response.getBody().get("message"))).contains("environmentId: unknown environment 'nope'");
  }

  @Test
  void aSourceWithoutAPathEndsRefusedBeforeAnythingElse() throws Exception {
    MariaDbServer db = MariaDbServer.get();
    db.loadCloudDatabase("clouddb/cloud-4.2.sql", "refusal", "Refusal-Pw-1");
    try (Connection c = db.adminConnection("cloud"); Statement s = c.createStatement()) {
      s.execute("DELETE FROM version");
      s.execute("INSERT INTO version (version, updated, step) VALUES ('2.2.13', NOW(), 'Complete')");
    }
    Environment base = estate.environment();
    registry.register(new Environment("old-cloud", base.product(), null, base.knownHosts(), base.repositoryUrl(),
        new DatabaseEndpoint(db.host(), db.port(), "refusal", Secret.of("Refusal-Pw-1")), base.hosts(), List.of(),
        List.of(), base.zones(), null, null, false));

    String run = start("old-cloud");
    runJobs(run);

    assertThat(variable(run, "runOutcome")).isEqualTo("refused");
    assertThat(variable(run, "refusal")).isEqualTo("CloudStack 2.2.13 cannot be upgraded to 4.3 directly: upgrade to 2.2.14 first");
    assertThat(variable(run, "preflightSummary")).isNull();
    assertThat(notifier.recent()).filteredOn(n -> run.equals(n.processInstanceId()))
        .extracting(GateNotification::kind, GateNotification::detail)
        .containsExactly(tuple(GateNotification.Kind.RUN_FINISHED, "outcome: refused"));
  }
}
