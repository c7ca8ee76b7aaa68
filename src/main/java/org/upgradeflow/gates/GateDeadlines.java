package org.upgradeflow.gates;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The gate's deadlines, measured from when it opened. They are fixed as absolute instants when
 * the gate opens (and again when it resumes from hold), so the timers of a decision task that
 * a four-eyes round re-creates keep the original deadlines instead of starting to count again.
 */
final class GateDeadlines {

  private GateDeadlines() {
  }

  static void fix(VariableScope gate, GateProperties.GateSettings settings) {
    Instant opened = ClockUtil.getCurrentTime().toInstant();
    gate.setVariable(GateVariables.OPENED_AT, opened.toString());
    gate.setVariable(GateVariables.REMINDER_CYCLE, "R/" + opened + "/" + settings.reminder());
    gate.setVariable(GateVariables.ESCALATION_AT, opened.plus(settings.escalation()).toString());
    gate.setVariable(GateVariables.HOLD_AT, opened.plus(settings.hold()).toString());
    // a new opening (also a resume from hold) may escalate again
    gate.setVariable(GateVariables.ESCALATED, false);
  }

  static Instant escalationAt(VariableScope gate) {
    return instant(gate, GateVariables.ESCALATION_AT);
  }

  static Instant holdAt(VariableScope gate) {
    return instant(gate, GateVariables.HOLD_AT);
  }

  /** The next thing that happens if nobody decides: the escalation, or once escalated, the hold. */
  static Instant next(VariableScope gate) {
    Instant escalation = escalationAt(gate);
    Instant now = ClockUtil.getCurrentTime().toInstant();
    return escalation != null && now.isBefore(escalation) ? escalation : holdAt(gate);
  }

  private static Instant instant(VariableScope gate, String name) {
    Object value = gate.getVariable(name);
    return value == null ? null : Instant.parse(value.toString());
  }
}
