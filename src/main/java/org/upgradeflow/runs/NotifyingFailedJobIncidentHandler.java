package org.upgradeflow.runs;

import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.upgradeflow.gates.GateNotifications;

/**
 * Camunda's handler for jobs out of retries, plus a "run failed" notification: an incident is
 * where a run stops and waits for an operator, so the run groups hear of it at once.
 */
class NotifyingFailedJobIncidentHandler extends DefaultIncidentHandler {

  private final GateNotifications notifications;

  NotifyingFailedJobIncidentHandler(GateNotifications notifications) {
    super(Incident.FAILED_JOB_HANDLER_TYPE);
    this.notifications = notifications;
  }

  @Override
  public Incident handleIncident(IncidentContext context, String message) {
    Incident incident = super.handleIncident(context, message);
    CommandContext commandContext = Context.getCommandContext();
    ExecutionEntity execution = context.getExecutionId() == null || commandContext == null ? null
        : commandContext.getExecutionManager().findExecutionById(context.getExecutionId());
    if (execution != null) {
      String activity = context.getActivityId() == null ? "a step" : context.getActivityId();
      // the message is the exception's: adapters keep secrets out of it; the link leads to Cockpit
      notifications.runFailed((String) execution.getVariable("environmentId"), execution.getRootProcessInstanceId(),
          "incident at " + activity + ": " + (message == null ? "" : message));
    }
    return incident;
  }
}
