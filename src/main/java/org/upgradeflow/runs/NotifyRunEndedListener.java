package org.upgradeflow.runs;

import java.util.Set;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateNotifications;

/**
 * End listener of the entry processes ({@code CloudStackUpgrade}, {@code UsageMeterUpgrade}):
 * tells the run groups how the run ended. A run that failed, was rolled back or was cancelled is
 * "run failed"; anything else (completed, refused, rejected, aborted at a gate) "run finished".
 */
@Component("notifyRunEnded")
class NotifyRunEndedListener implements ExecutionListener {

  private static final Set<String> FAILED = Set.of("failed", "rolled-back");

  private final GateNotifications notifications;

  NotifyRunEndedListener(GateNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void notify(DelegateExecution execution) {
    if (execution.getSuperExecution() != null) {
      return; // an entry process called from another process is not a run of its own
    }
    String environmentId = (String) execution.getVariable("environmentId");
    Object outcome = execution.getVariable(RunStates.OUTCOME);
    if (execution.isCanceled()) {
      notifications.runFailed(environmentId, execution.getProcessInstanceId(),
          "cancelled" + (execution.getCurrentActivityName() == null ? "" : " at " + execution.getCurrentActivityName()));
    } else if (outcome != null && FAILED.contains(outcome.toString())) {
      notifications.runFailed(environmentId, execution.getProcessInstanceId(), "outcome: " + outcome);
    } else {
      notifications.runFinished(environmentId, execution.getProcessInstanceId(),
          "outcome: " + (outcome == null ? "completed" : outcome));
    }
  }
}
