package org.upgradeflow.gates;

import java.time.Instant;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Builds gate notifications from the gate's variables; one place for the Tasklist link. */
@Component
class GateNotifications {

  private final GateNotifier notifier;
  private final String baseUrl;

  GateNotifications(GateNotifier notifier, @Value("${upgradeflow.base-url:http://localhost:8080}") String baseUrl) {
    this.notifier = notifier;
    this.baseUrl = baseUrl;
  }

  void send(GateNotification.Kind kind, VariableScope gate, String processInstanceId, String taskId,
      String recipients, String deadline) {
    String link = baseUrl + "/camunda/app/tasklist/default/#/?task=" + (taskId == null ? "" : taskId);
    Instant now = ClockUtil.getCurrentTime().toInstant();
    notifier.send(new GateNotification(kind, (String) gate.getVariable("environmentId"),
        (String) gate.getVariable(GateVariables.GATE_ID), processInstanceId, taskId, recipients, deadline, link, now));
  }
}
