package org.upgradeflow.gates;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds gate and run notifications; one place for the Tasklist and Cockpit links. The path
 * processes call {@link #runFailed} and {@link #runFinished}.
 */
@Component
public class GateNotifications {

  private final GateNotifier notifier;
  private final NotificationProperties properties;
  private final String baseUrl;

  GateNotifications(GateNotifier notifier, NotificationProperties properties,
      @Value("${upgradeflow.base-url:http://localhost:8080}") String baseUrl) {
    this.notifier = notifier;
    this.properties = properties;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  String taskLink(String taskId) {
    return baseUrl + "/camunda/app/tasklist/default/#/?task=" + (taskId == null ? "" : taskId);
  }

  String runLink(String processInstanceId) {
    return baseUrl + "/camunda/app/cockpit/default/#/process-instance/" + processInstanceId + "/runtime";
  }

  void send(GateNotification.Kind kind, VariableScope gate, String processInstanceId, String taskId,
      String recipients, Instant deadline) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    notifier.send(new GateNotification(kind, (String) gate.getVariable("environmentId"),
        (String) gate.getVariable(GateVariables.GATE_ID), processInstanceId, taskId, recipients,
        deadline == null ? null : deadline.toString(), taskLink(taskId), now, null));
  }

  /** {@code start} plus the ISO-8601 duration held by the variable, or null when it is not set. */
  static Instant deadline(Date start, VariableScope gate, String durationVariable) {
    Object duration = gate.getVariable(durationVariable);
    return duration == null || start == null ? null : start.toInstant().plus(Duration.parse(duration.toString()));
  }

  /** A run stopped (an incident, a rollback, an abort): tells the run groups. Never throws. */
  public void runFailed(String environmentId, String processInstanceId, String what) {
    run(GateNotification.Kind.RUN_FAILED, environmentId, processInstanceId, what);
  }

  /** A run ended: tells the run groups how. Never throws. */
  public void runFinished(String environmentId, String processInstanceId, String summary) {
    run(GateNotification.Kind.RUN_FINISHED, environmentId, processInstanceId, summary);
  }

  private void run(GateNotification.Kind kind, String environmentId, String processInstanceId, String detail) {
    notifier.send(new GateNotification(kind, environmentId, null, processInstanceId, null,
        String.join(",", properties.runGroups()), null, runLink(processInstanceId),
        ClockUtil.getCurrentTime().toInstant(), detail));
  }
}
