package org.upgradeflow.gates;

import java.time.Instant;

/** One message about a gate: who should act, where, by when. Never carries a secret. */
public record GateNotification(Kind kind, String environmentId, String gateId, String processInstanceId,
    String taskId, String recipients, String deadline, String taskLink, Instant at) {

  public enum Kind { GATE_OPENED, REMINDER, ESCALATED, ON_HOLD }

  public String text() {
    return switch (kind) {
      case GATE_OPENED -> "Gate " + gateId + " of " + environmentId + " is waiting for " + recipients;
      case REMINDER -> "Reminder: gate " + gateId + " of " + environmentId + " is still waiting for " + recipients;
      case ESCALATED -> "Escalated: gate " + gateId + " of " + environmentId + " now also goes to " + recipients;
      case ON_HOLD -> "On hold: gate " + gateId + " of " + environmentId
          + " was not decided in time; nothing proceeds until someone chooses resume or abort";
    } + (deadline == null ? "" : " (next deadline " + deadline + ")") + ": " + taskLink;
  }
}
