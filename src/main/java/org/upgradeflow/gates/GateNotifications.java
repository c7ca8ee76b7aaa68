package org.upgradeflow.gates;

import java.time.Instant;
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
  /** base URL, webapp path and engine name: where this service's Tasklist and Cockpit are */
  private final String webapps;
  private final String engineName;

  GateNotifications(GateNotifier notifier, NotificationProperties properties,
      @Value("${upgradeflow.base-url:http://localhost:8080}") String baseUrl,
      @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath,
      @Value("${camunda.bpm.process-engine-name:default}") String engineName) {
    this.notifier = notifier;
    this.properties = properties;
    this.webapps = strip(baseUrl) + "/" + strip(webappPath).replaceFirst("^/+", "");
    this.engineName = engineName;
  }

  private static String strip(String s) {
    return s.replaceFirst("/+$", "");
  }

  String taskLink(String taskId) {
    return webapps + "/app/tasklist/" + engineName + "/#/?task=" + (taskId == null ? "" : taskId);
  }

  String runLink(String processInstanceId) {
    return webapps + "/app/cockpit/" + engineName + "/#/process-instance/" + processInstanceId + "/runtime";
  }

  void send(GateNotification.Kind kind, VariableScope gate, String processInstanceId, String taskId,
      String recipients, Instant deadline) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    notifier.send(new GateNotification(kind, (String) gate.getVariable("environmentId"),
        (String) gate.getVariable(GateVariables.GATE_ID), processInstanceId, taskId, recipients,
        deadline == null ? null : deadline.toString(), taskLink(taskId), now, null));
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
