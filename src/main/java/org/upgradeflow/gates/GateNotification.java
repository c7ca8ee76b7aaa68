package org.upgradeflow.gates;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One message about a gate or a run: who should act, where, by when, with a link to the task
 * (or, for a run, to the process instance in Cockpit). Never carries a secret.
 *
 * @param recipients the candidate groups addressed, comma-separated
 * @param deadline when the next thing happens if nobody acts (ISO-8601), or null
 * @param detail run-level notifications: what failed or how the run ended
 */
public record GateNotification(Kind kind, String environmentId, String gateId, String processInstanceId,
    String taskId, String recipients, String deadline, String taskLink, Instant at, String detail) {

  public enum Kind { GATE_OPENED, REMINDER, ESCALATED, ON_HOLD, RUN_FAILED, RUN_FINISHED }

  public List<String> recipientGroups() {
    return recipients == null ? List.of()
        : Arrays.stream(recipients.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public String subject() {
    String what = switch (kind) {
      case GATE_OPENED -> "gate " + gateId + " is waiting for a decision";
      case REMINDER -> "reminder: gate " + gateId + " is still waiting";
      case ESCALATED -> "escalated: gate " + gateId + " was not decided in time";
      case ON_HOLD -> "on hold: gate " + gateId + " needs resume or abort";
      case RUN_FAILED -> "run failed";
      case RUN_FINISHED -> "run finished";
    };
    return "[UpgradeFlow] " + environmentId + ": " + what;
  }

  public String text() {
    String head = switch (kind) {
      case GATE_OPENED -> "Gate " + gateId + " of " + environmentId + " is waiting for " + recipients;
      case REMINDER -> "Reminder: gate " + gateId + " of " + environmentId + " is still waiting for " + recipients;
      case ESCALATED -> "Escalated: gate " + gateId + " of " + environmentId + " was not decided in time; "
          + "now waiting for " + recipients;
      case ON_HOLD -> "On hold: gate " + gateId + " of " + environmentId
          + " was not decided in time; nothing proceeds until someone chooses resume or abort";
      case RUN_FAILED -> "Run failed: the upgrade of " + environmentId + " stopped"
          + (detail == null ? "" : ": " + detail);
      case RUN_FINISHED -> "Run finished: the upgrade of " + environmentId + " ended"
          + (detail == null ? "" : ": " + detail);
    };
    return head + (deadline == null ? "" : " (deadline " + deadline + ")") + ": " + taskLink;
  }

  /** The e-mail body: the sentence, then every fact on a line of its own. */
  public String body() {
    StringBuilder b = new StringBuilder(text()).append("\n\n");
    b.append("Environment: ").append(environmentId).append('\n');
    if (gateId != null) {
      b.append("Gate:        ").append(gateId).append('\n');
    }
    b.append("Deadline:    ").append(deadline == null ? (kind == Kind.ON_HOLD ? "none: waits for resume or abort" : "-")
        : deadline).append('\n');
    b.append("Addressed:   ").append(recipients).append('\n');
    b.append(taskId != null ? "Task:        " : "Run:         ").append(taskLink).append('\n');
    b.append("Process:     ").append(processInstanceId).append('\n');
    if (detail != null) {
      b.append("Detail:      ").append(detail).append('\n');
    }
    return b.toString();
  }
}
