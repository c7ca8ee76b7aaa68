package org.upgradeflow.gates;

import org.upgradeflow.testing.GateRuns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.engine.Groups;

/** The Gate call activity on the real engine; time is the engine's clock, never a sleep. */
@ServiceTest
class GateProcessTest {

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired GateNotifier notifier;

  Date start;
  GateRuns runs;

  @BeforeEach
  void freezeClock() {
    runs = new GateRuns(runtime, tasks, management, identity);
    start = new Date();
    ClockUtil.setCurrentTime(start);
    FixtureEvidenceProvider.templateReady = false;
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    identity.clearAuthentication();
  }

  private String open(String gateId, String initiator) {
    return runs.open(gateId, initiator);
  }

  private void runDueJobs(String processInstanceId) {
    runs.runDueJobs(processInstanceId);
  }

  private void advance(Duration duration, String processInstanceId) {
    ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + duration.toMillis()));
    runDueJobs(processInstanceId);
  }

  private Task task(String processInstanceId, String key) {
    return runs.task(processInstanceId, key);
  }


  private void completeAs(String user, String group, String taskId, String decision, String reason) {
    identity.setAuthentication(user, List.of(group));
    try {
      tasks.complete(taskId, reason == null ? Map.of("decision", decision) : Map.of("decision", decision, "reason", reason));
    } finally {
      identity.clearAuthentication();
    }
  }

  /** The engine wraps a listener's exception; the refusal and its message are the root cause. */
  private static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable completion) {
    return assertThatThrownBy(completion).rootCause().isInstanceOf(GateRefusedException.class);
  }

  private boolean ended(String id) {
    return runtime.createProcessInstanceQuery().processInstanceId(id).count() == 0;
  }

  private Object finalVariable(String id, String name) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(id).variableName(name).singleResult().getValue();
  }

  @Test
  void aChangeManagerApprovesAndTheVoteIsKept() {
    String id = open("FixtureSimple", "ops");
    Task gate = task(id, "Gate_Decide");
    assertThat(tasks.getIdentityLinksForTask(gate.getId())).extracting(l -> l.getGroupId()).contains("change-managers");

    completeAs("cm", "change-managers", gate.getId(), "approve", null);

    assertThat(ended(id)).isTrue();
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("approve");
    assertThat(GateVotes.of(history, id)).singleElement().satisfies(v -> {
      assertThat(v.user()).isEqualTo("cm");
      assertThat(v.decision()).isEqualTo("approve");
      assertThat(v.taskId()).isEqualTo(gate.getId());
    });
    assertThat(notifier.recent()).anySatisfy(n -> {
      assertThat(n.processInstanceId()).isEqualTo(id);
      assertThat(n.kind()).isEqualTo(GateNotification.Kind.GATE_OPENED);
      assertThat(n.taskLink()).endsWith("?task=" + gate.getId());
    });
  }

  @Test
  void completionsThatBreakTheRulesAreRefusedAndTheTaskStaysOpen() {
    String id = open("FixtureSimple", "ops");
    String gate = task(id, "Gate_Decide").getId();

    refused(() -> completeAs("cm", "change-managers", gate, "reject", null))
        .hasMessage("reason: required for decision 'reject' at gate FixtureSimple");
    refused(() -> completeAs("cm", "change-managers", gate, "yes", "sure"))
        .hasMessage("decision: expected one of [approve, reject], got 'yes'");
    // operators are stopped by the engine's authorization; admins (all rights) by the gate's own rule
    assertThatThrownBy(() -> completeAs("ops", "operators", gate, "approve", null))
        .isInstanceOf(AuthorizationException.class);
    refused(() -> completeAs("admin", "camunda-admin", gate, "approve", null))
        .hasMessage("User admin is not in the candidate groups [change-managers] of gate FixtureSimple");
    refused(() -> tasks.complete(gate, Map.of("decision", "approve")))
        .hasMessage("Gate FixtureSimple must be completed by an authenticated user");
    assertThat(task(id, "Gate_Decide").getId()).isEqualTo(gate);

    completeAs("cm", "change-managers", gate, "reject", "change window moved");
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("reject");
    assertThat(finalVariable(id, "reason")).isEqualTo("change window moved");
  }

  @Test
  void fourEyesNeedsTwoDifferentApproversNeitherOfThemTheStarter() {
    String id = open("FixtureFourEyes", "cm");
    refused(() -> completeAs("cm", "change-managers", task(id, "Gate_Decide").getId(), "approve", null))
        .hasMessage("Four-eyes: cm started this run and cannot approve gate FixtureFourEyes");

    String other = open("FixtureFourEyes", "ops");
    completeAs("cm", "change-managers", task(other, "Gate_Decide").getId(), "approve", null);
    assertThat(ended(other)).isFalse();
    String second = task(other, "Gate_Decide").getId();
    refused(() -> completeAs("cm", "change-managers", second, "approve", null))
        .hasMessageContaining("Four-eyes: cm already approved gate FixtureFourEyes");
    completeAs("cm2", "change-managers", second, "approve", null);

    assertThat(ended(other)).isTrue();
    assertThat(GateVotes.of(history, other)).extracting(GateVote::user).containsExactlyInAnyOrder("cm", "cm2");
  }


  /**
   * The rules read nothing a completion can write. The REST APIs refuse such a payload before the
   * engine sees it (GateRestApiTest); the engine's Java API lets it through, so this shows the rules alone.
   */
  @Test
  void fourEyesHoldsWhateverACompletionWritesIntoTheGate() {
    String startedByCm = open("FixtureFourEyes", "cm");
    refused(() -> runs.completeAsChangeManager("cm", task(startedByCm, "Gate_Decide").getId(),
        Map.of("decision", "approve", "runInitiator", "ops")))
        .hasMessage("Four-eyes: cm started this run and cannot approve gate FixtureFourEyes");

    String id = open("FixtureFourEyes", "ops");
    String first = task(id, "Gate_Decide").getId();
    refused(() -> runs.completeAsChangeManager("cm", first, Map.of("decision", "sneak", "gateChoices", List.of("approve", "sneak"))))
        .hasMessage("decision: expected one of [approve, reject], got 'sneak'");
    // one approver, another gate's id, a blank vote record, and cm2's approval forged into the gate's variables
    Map<String, Object> forged = new java.util.HashMap<>(Map.of("decision", "approve", "gateApprovers", 1,
        "gateId", "FixtureSimple", "gateVotes", "[]", "gateApprovers_round", List.of(),
        "gateVote", "{\"gateId\":\"FixtureFourEyes\",\"taskId\":\"" + first + "\",\"user\":\"cm2\","
            + "\"decision\":\"approve\",\"at\":\"2026-01-01T00:00:00Z\",\"opening\":1}"));
    runs.completeAsChangeManager("cm", first, forged);
    assertThat(ended(id)).as("one approval of the two FixtureFourEyes needs").isFalse();
    String second = task(id, "Gate_Decide").getId();
    refused(() -> runs.completeAsChangeManager("cm", second, forged)).hasMessageContaining("Four-eyes: cm already approved gate FixtureFourEyes");
    runs.completeAsChangeManager("cm2", second, Map.of("decision", "approve"));

    assertThat(ended(id)).isTrue();
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("approve");
    assertThat(GateVotes.of(history, id)).extracting(GateVote::user, GateVote::gateId)
        .containsExactlyInAnyOrder(tuple("cm", "FixtureFourEyes"), tuple("cm2", "FixtureFourEyes"));
  }

  @Test
  void aCalledGateIsTheOneItsCallerDeclaresWhateverItsGateIdVariableSays() {
    identity.setAuthentication("ops", List.of("operators"));
    String run;
    try {
      run = runtime.startProcessInstanceByKey("FixtureRun", Map.of("environmentId", "gate-called", "failStep", false))
          .getId();
    } finally {
      identity.clearAuthentication();
    }
    runs.runDueJobsOfRun(run);
    Task gate = runs.taskOfRun(run, "Gate_Decide");
    // FixtureRun's Gate_FixtureSimple declares FixtureSimple; FixtureSnapshot would require its inputs
    runs.completeAsChangeManager("cm", gate.getId(), Map.of("decision", "approve", "gateId", "FixtureSnapshot"));
    assertThat(GateVotes.of(history, gate.getProcessInstanceId())).extracting(GateVote::gateId, GateVote::user)
        .containsExactly(tuple("FixtureSimple", "cm"));
  }

  @Test
  void aGatesInputsAreRequiredWhateverTheCompletionSaysTheyAre() {
    String id = open("FixtureSnapshot", "ops");
    refused(() -> runs.completeAsChangeManager("cm", task(id, "Gate_Decide").getId(),
        Map.of("decision", "approve", "gateInputs", List.of(), "gateId", "FixtureSimple")))
        .hasMessage("snapshotName: required for decision 'approve' at gate FixtureSnapshot");
  }

  @Test
  void approvalIsRefusedWhileTheEvidenceSaysNoUnlessOverriddenWithAReason() {
    String id = open("FixtureTemplates", "ops");
    String gate = task(id, "Gate_Decide").getId();
    assertThat(runtime.getVariable(id, "gateConditionHolds")).isEqualTo(false);

    refused(() -> completeAs("cm", "change-managers", gate, "approve", null))
        .hasMessage("Gate FixtureTemplates cannot be approved: systemvm-kvm-4.3 is not READY in zone1 "
            + "(DOWNLOAD_IN_PROGRESS 40%); choose override with a written reason to proceed anyway");
    refused(() -> completeAs("cm", "change-managers", gate, "override", " "))
        .hasMessageContaining("reason: required for decision 'override'");

    // the download completes while the task is open: approval re-checks the evidence
    FixtureEvidenceProvider.templateReady = true;
    completeAs("cm", "change-managers", gate, "approve", null);
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("approve");
  }

  @Test
  void aGatesOwnInputsAreRequiredToProceedButNotToReject() {
    String id = open("FixtureSnapshot", "ops");
    String gate = task(id, "Gate_Decide").getId();
    refused(() -> completeAs("cm", "change-managers", gate, "approve", null))
        .hasMessage("snapshotName: required for decision 'approve' at gate FixtureSnapshot");
    identity.setAuthentication("cm", List.of("change-managers"));
    try {
      refused(() -> tasks.complete(gate, Map.of("decision", "approve", "snapshotName", "pre-4.3-db1")))
          .hasMessage("snapshotTime: required for decision 'approve' at gate FixtureSnapshot");
      tasks.complete(gate, Map.of("decision", "approve", "snapshotName", "pre-4.3-db1",
          "snapshotTime", "2026-11-23T14:00:00Z"));
    } finally {
      identity.clearAuthentication();
    }
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("approve");
    assertThat(finalVariable(id, "snapshotName")).isEqualTo("pre-4.3-db1");
    // the vote keeps what the approver vouched for, for the audit
    assertThat(GateVotes.of(history, id)).singleElement().extracting(GateVote::inputs)
        .isEqualTo(Map.of("snapshotName", "pre-4.3-db1", "snapshotTime", "2026-11-23T14:00:00Z"));

    String other = open("FixtureSnapshot", "ops");
    completeAs("cm", "change-managers", task(other, "Gate_Decide").getId(), "reject", "no snapshot possible tonight");
    assertThat(finalVariable(other, "gateOutcome")).isEqualTo("reject");
  }

  @Test
  void overrideWithAReasonPassesAndIsRecorded() {
    String id = open("FixtureTemplates", "ops");
    completeAs("cm", "change-managers", task(id, "Gate_Decide").getId(), "override", "template verified by hand on zone1");
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("override");
    assertThat(GateVotes.of(history, id)).extracting(GateVote::reason).containsExactly("template verified by hand on zone1");
  }

  @Test
  void remindsThenEscalatesThenHoldsButNeverDecidesByTime() {
    String id = open("FixtureSimple", "ops");
    String gate = task(id, "Gate_Decide").getId();

    advance(Duration.ofMinutes(11), id);
    assertThat(notifier.recent()).filteredOn(n -> id.equals(n.processInstanceId()))
        .extracting(GateNotification::kind).contains(GateNotification.Kind.REMINDER)
        .doesNotContain(GateNotification.Kind.ESCALATED);

    advance(Duration.ofMinutes(20), id);
    Task escalated = task(id, "Gate_Decide");
    assertThat(escalated.getId()).isEqualTo(gate);
    assertThat(escalated.getPriority()).isEqualTo(90);
    assertThat(tasks.getIdentityLinksForTask(gate)).extracting(l -> l.getGroupId()).contains(Groups.ESCALATION_MANAGERS);
    assertThat(notifier.recent()).filteredOn(n -> id.equals(n.processInstanceId()))
        .extracting(GateNotification::kind).contains(GateNotification.Kind.ESCALATED);

    advance(Duration.ofMinutes(30), id);
    assertThat(task(id, "Gate_Decide")).isNull();
    Task hold = task(id, "Gate_OnHold");
    assertThat(hold).isNotNull();
    assertThat(notifier.recent()).filteredOn(n -> id.equals(n.processInstanceId()))
        .extracting(GateNotification::kind).contains(GateNotification.Kind.ON_HOLD);

    // a week later nothing has moved on by itself
    advance(Duration.ofDays(7), id);
    assertThat(ended(id)).isFalse();
    assertThat(task(id, "Gate_OnHold").getId()).isEqualTo(hold.getId());
    assertThat(runtime.getVariable(id, "decision")).isNull();
  }

  private List<GateNotification> notificationsOf(String id, GateNotification.Kind kind) {
    return notifier.recent().stream().filter(n -> id.equals(n.processInstanceId()) && n.kind() == kind).toList();
  }

  private String at(Duration sinceStart) {
    return start.toInstant().plus(sinceStart).toString();
  }

  @Test
  void aFourEyesVoteDoesNotRestartTheDeadlinesTheyCountFromTheGatesOpening() {
    // test profile: reminder every 10 min, escalation after 30 min, hold after 1 h
    String id = open("FixtureFourEyes", "ops");
    assertThat(task(id, "Gate_Decide").getDueDate().toInstant().toString()).isEqualTo(at(Duration.ofMinutes(30)));
    advance(Duration.ofMinutes(11), id);
    advance(Duration.ofMinutes(10), id);
    assertThat(notificationsOf(id, GateNotification.Kind.REMINDER)).hasSize(2);

    advance(Duration.ofMinutes(4), id); // 25 min: the first approver votes, the decision task opens again
    completeAs("cm", "change-managers", task(id, "Gate_Decide").getId(), "approve", null);
    Task second = task(id, "Gate_Decide");
    assertThat(second.getDueDate().toInstant().toString()).isEqualTo(at(Duration.ofMinutes(30)));
    assertThat(notificationsOf(id, GateNotification.Kind.GATE_OPENED)).last()
        .satisfies(n -> assertThat(n.deadline()).isEqualTo(at(Duration.ofMinutes(30))));

    // 31 min: the third reminder came on the gate's own 10-minute beat, and the escalation on time
    advance(Duration.ofMinutes(6), id);
    assertThat(notificationsOf(id, GateNotification.Kind.REMINDER)).hasSize(3);
    assertThat(notificationsOf(id, GateNotification.Kind.ESCALATED)).singleElement()
        .satisfies(n -> assertThat(n.deadline()).isEqualTo(at(Duration.ofHours(1))));
    assertThat(tasks.getIdentityLinksForTask(second.getId())).extracting(l -> l.getGroupId())
        .contains(Groups.ESCALATION_MANAGERS);
    assertThat(task(id, "Gate_Decide").getPriority()).isEqualTo(90);

    // 61 min: on hold, an hour after the gate opened (not after the vote); nothing decided by time
    advance(Duration.ofMinutes(30), id);
    assertThat(task(id, "Gate_Decide")).isNull();
    assertThat(task(id, "Gate_OnHold")).isNotNull();
    assertThat(runtime.getVariable(id, "gateOutcome")).isEqualTo("pending");

    // a resume opens the gate again: fresh deadlines, and a new round of two approvers
    completeAs("esc", "escalation-managers", task(id, "Gate_OnHold").getId(), "resume", "CAB extended the window");
    runDueJobs(id);
    assertThat(runtime.getVariable(id, "gateEscalationAt")).isEqualTo(at(Duration.ofMinutes(91)));
    completeAs("cm", "change-managers", task(id, "Gate_Decide").getId(), "approve", null);
    assertThat(ended(id)).isFalse();
    completeAs("cm2", "change-managers", task(id, "Gate_Decide").getId(), "approve", null);
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("approve");
  }

  @Test
  void aGateEscalatesOncePerOpeningAFourEyesRoundAfterwardsStaysEscalatedWithoutANewNotice() {
    // test profile: escalation after 30 min, hold after 1 h
    String id = open("FixtureFourEyes", "ops");
    advance(Duration.ofMinutes(31), id);
    assertThat(notificationsOf(id, GateNotification.Kind.ESCALATED)).hasSize(1);

    // 35 min: the first approval opens a new decision task; its escalation timer is already due
    advance(Duration.ofMinutes(4), id);
    completeAs("cm", "change-managers", task(id, "Gate_Decide").getId(), "approve", null);
    runDueJobs(id);
    advance(Duration.ofMinutes(5), id);
    assertThat(notificationsOf(id, GateNotification.Kind.ESCALATED)).hasSize(1);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(id).activityId("Task_EscalateGate")
        .count()).isOne();
    // ... but the new round is escalated from the start: escalation managers may decide, and hear of it
    Task second = task(id, "Gate_Decide");
    assertThat(second.getPriority()).isEqualTo(EscalateGateStep.ESCALATED_PRIORITY);
    assertThat(tasks.getIdentityLinksForTask(second.getId())).extracting(l -> l.getGroupId())
        .contains(Groups.CHANGE_MANAGERS, Groups.ESCALATION_MANAGERS);
    assertThat(notificationsOf(id, GateNotification.Kind.GATE_OPENED)).last()
        .satisfies(n -> assertThat(n.recipients()).contains(Groups.ESCALATION_MANAGERS));

    // the hold, then a resume: a new opening escalates (and notifies) once more
    advance(Duration.ofMinutes(21), id);
    completeAs("esc", "escalation-managers", task(id, "Gate_OnHold").getId(), "resume", "CAB extended the window");
    runDueJobs(id);
    Task reopened = task(id, "Gate_Decide");
    assertThat(tasks.getIdentityLinksForTask(reopened.getId())).extracting(l -> l.getGroupId())
        .doesNotContain(Groups.ESCALATION_MANAGERS);
    advance(Duration.ofMinutes(31), id);
    assertThat(notificationsOf(id, GateNotification.Kind.ESCALATED)).hasSize(2);
    completeAs("cm", "change-managers", task(id, "Gate_Decide").getId(), "approve", null);
    runDueJobs(id);
    assertThat(notificationsOf(id, GateNotification.Kind.ESCALATED)).hasSize(2);
    completeAs("esc", "escalation-managers", task(id, "Gate_Decide").getId(), "approve", null);
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("approve");
  }

  @Test
  void fromHoldAnEscalationManagerResumesWithAReasonAndTheGateOpensAgain() {
    String id = open("FixtureSimple", "ops");
    advance(Duration.ofMinutes(61), id);
    String hold = task(id, "Gate_OnHold").getId();
    refused(() -> completeAs("esc", "escalation-managers", hold, "resume", null))
        .hasMessageContaining("reason: required for decision 'resume'");

    completeAs("esc", "escalation-managers", hold, "resume", "CAB met, go ahead");
    runDueJobs(id);

    Task again = task(id, "Gate_Decide");
    assertThat(again).isNotNull();
    completeAs("cm2", "change-managers", again.getId(), "approve", null);
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("approve");
  }

  @Test
  void fromHoldAChangeManagerAborts() {
    String id = open("FixtureSimple", "ops");
    advance(Duration.ofMinutes(61), id);
    completeAs("cm", "change-managers", task(id, "Gate_OnHold").getId(), "abort", "missed the change window");
    assertThat(ended(id)).isTrue();
    assertThat(finalVariable(id, "gateOutcome")).isEqualTo("abort");
  }
}
