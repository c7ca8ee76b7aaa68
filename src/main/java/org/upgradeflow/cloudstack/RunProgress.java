package org.upgradeflow.cloudstack;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Progress and outcome of a run for /api/runs, kept on the root instance (and on the path, which
 * passes its variables back to the root when it ends). Steps the plan left out, such as VMware
 * on an estate without VMware, are simply not counted. Also gives every path its {@code runId}.
 */
@Component("runProgress")
public class RunProgress implements ExecutionListener {

  static final String OUTCOME = "runOutcome";
  static final String STEPS_DONE = "stepsDone";
  static final String RUN_ID = "runId";

  /** Process start: the path's {@code runId}, the id of the run's root instance. */
  @Override
  public void notify(DelegateExecution execution) {
    if (execution.getVariable(RUN_ID) == null) {
      execution.setVariable(RUN_ID, runId(execution));
    }
  }

  /**
   * On the flow that leaves a step (taken only when it completed, never when an error or a
   * cancellation ended it): {@code stepsDone} becomes the step's number in the plan.
   */
  public void stepDone(DelegateExecution execution, String stepId) {
    Object ids = execution.getVariable(UpgradeVariables.PLAN_STEP_IDS);
    if (ids instanceof String text) {
      List<String> steps = Arrays.asList(text.split(","));
      int number = steps.indexOf(stepId) + 1;
      Object done = execution.getVariable(STEPS_DONE);
      if (number > 0 && (!(done instanceof Number n) || n.longValue() < number)) {
        setOnRun(execution, STEPS_DONE, (long) number);
      }
    }
  }

  /** How the run ended (completed, rolled-back, aborted), on the root for /api/runs. */
  public void outcome(DelegateExecution execution, String outcome) {
    setOnRun(execution, OUTCOME, outcome);
  }

  String runId(DelegateExecution execution) {
    return RunInstances.rootId(execution);
  }

  void setOnRun(DelegateExecution execution, String name, Object value) {
    RunInstances.setOnAll(execution, name, value);
  }
}
