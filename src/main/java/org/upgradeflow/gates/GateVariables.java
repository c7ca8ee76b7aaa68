package org.upgradeflow.gates;

/** Variable names of the Gate call activity: its inputs, its outputs and its internal state. */
public final class GateVariables {
  // inputs from the calling process; shown to people, never read by the completion rules (GateOrigin)
  public static final String GATE_ID = "gateId";
  public static final String RUN_INITIATOR = "runInitiator";
  // the completion contract (Tasklist, REST, scripts)
  public static final String DECISION = "decision";
  public static final String REASON = "reason";
  // prepared from configuration by PrepareGateStep
  public static final String FORM = "gateForm";
  public static final String CANDIDATE_GROUPS = "gateCandidateGroups";
  public static final String REMINDER = "gateReminder";
  public static final String ESCALATION = "gateEscalation";
  public static final String HOLD = "gateHold";
  /** shown to people only: the completion rules read approvers, choices and inputs from configuration */
  public static final String APPROVERS = "gateApprovers";
  /** the choices as one comma-separated string: Camunda Forms read it (a list variable is Java-serialized) */
  public static final String CHOICE_LIST = "gateChoiceList";
  /** where the gate stands, for the form: the calling process ("name (key)") and its call activity's name */
  public static final String PROCESS = "gateProcess";
  public static final String STEP = "gateStep";
  // deadlines, fixed when the gate opens (and again when it resumes from hold): a four-eyes round
  // re-enters the decision task, and its timers must not start counting again (ISO-8601 instants)
  public static final String OPENED_AT = "gateOpenedAt";
  /** the reminder cycle anchored at the opening: {@code R/<openedAt>/<reminder>} */
  public static final String REMINDER_CYCLE = "gateReminderCycle";
  public static final String ESCALATION_AT = "gateEscalationAt";
  public static final String HOLD_AT = "gateHoldAt";
  /**
   * true once the gate escalated since it opened (set as Gate.bpmn's escalation flow is taken,
   * false again when it opens or resumes): a four-eyes round's new task is escalated from its
   * creation and its escalation timer notifies nobody again
   */
  public static final String ESCALATED = "gateEscalated";
  // evidence, gathered before the task opens and again when someone approves
  public static final String EVIDENCE_SUMMARY = "gateEvidenceSummary";
  public static final String EVIDENCE = "gateEvidence";
  /** the details as "item TAB state" lines: the decision form's table reads them (a map variable is Java-serialized) */
  public static final String EVIDENCE_ROWS = "gateEvidenceRows";
  public static final String EVIDENCE_AT = "gateEvidenceAt";
  // state and result
  public static final String OUTCOME = "gateOutcome";
  public static final String CONDITION_HOLDS = "gateConditionHolds";
  public static final String OUTCOME_PENDING = "pending";

  private GateVariables() {
  }
}
