package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Where a fragment's facts go. Fragments run as call activities two levels below the run
 * ({@code CloudStackUpgrade} → path → fragment) and map back only their named outputs, but
 * some facts belong to the run itself: progress counters that {@code /api/runs} reads from the
 * root instance, what a step must remember across a second call of the fragment in the same
 * run (the backup's id, the API port before the run), the run's outcome. And a business
 * failure's details must reach the caller that catches the error.
 */
final class RunScope {

  static final String RUN_ID = "runId";
  static final String FAILURE_SUMMARY = "failureSummary";
  static final String FAILURE_LOG_TAIL = "failureLogTail";
  /** Bounded: evidence for a gate, not a log file. */
  static final int MAX_TAIL = 3000;

  private RunScope() {
  }

  /** The {@code CloudStackUpgrade} instance (or the topmost one when a fragment runs alone). */
  static DelegateExecution root(DelegateExecution execution) {
    DelegateExecution instance = execution.getProcessInstance();
    while (instance.getSuperExecution() != null) {
      instance = instance.getSuperExecution().getProcessInstance();
    }
    return instance;
  }

  /** {@code runId} as the path passes it, else the root instance's id. */
  static String runId(DelegateExecution execution) {
    Object runId = execution.getVariable(RUN_ID);
    return runId != null ? runId.toString() : root(execution).getProcessInstanceId();
  }

  /** Sets the variable here and on the run's root instance. */
  static void setOnRun(DelegateExecution execution, String name, Object value) {
    execution.setVariable(name, value);
    DelegateExecution root = root(execution);
    if (root != execution.getProcessInstance()) {
      root.setVariable(name, value);
    }
  }

  /** A variable the run remembers (root instance), whichever fragment call set it. */
  static Object remembered(DelegateExecution execution, String name) {
    DelegateExecution root = root(execution);
    return root.hasVariable(name) ? root.getVariable(name) : execution.getVariable(name);
  }

  static boolean isRemembered(DelegateExecution execution, String name) {
    return root(execution).hasVariable(name) || execution.hasVariable(name);
  }

  /**
   * Records a business failure's summary and (bounded) log tail in this fragment and in the
   * execution that called it, so the caller's boundary event and {@code Gate_ResolveFailure}
   * see them whatever the output mapping does on errors.
   */
  static void recordFailure(DelegateExecution execution, String summary, String logTail) {
    String tail = logTail == null ? "" : logTail.length() <= MAX_TAIL ? logTail
        : "..." + logTail.substring(logTail.length() - MAX_TAIL);
    String shortSummary = summary.length() <= 1000 ? summary : summary.substring(0, 997) + "...";
    execution.setVariable(FAILURE_SUMMARY, shortSummary);
    execution.setVariable(FAILURE_LOG_TAIL, tail);
    DelegateExecution caller = execution.getProcessInstance().getSuperExecution();
    if (caller != null) {
      caller.setVariable(FAILURE_SUMMARY, shortSummary);
      caller.setVariable(FAILURE_LOG_TAIL, tail);
    }
  }

  static BpmnError failure(DelegateExecution execution, String errorCode, String summary, String logTail) {
    recordFailure(execution, summary, logTail);
    return new BpmnError(errorCode, summary);
  }
}
