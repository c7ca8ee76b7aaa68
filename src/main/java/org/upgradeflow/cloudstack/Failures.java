package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The contract of a business failure before its BpmnError: {@code failureSummary} (short) and
 * {@code failureLogTail} (bounded), written on the path's process instance so that
 * Gate_ResolveFailure shows them whichever fragment failed. No secret goes in: the texts come
 * from logs and messages that never carry one. Written on every calling process instance up to
 * the run's root too: a called fragment that ends with a BpmnError passes no output mapping.
 */
public final class Failures {

  public static final String SUMMARY = "failureSummary";
  public static final String LOG_TAIL = "failureLogTail";
  static final int MAX_SUMMARY = 1000;

  private Failures() {
  }

  public static void record(DelegateExecution execution, String summary, String logTail) {
    String s = summary == null ? "" : summary;
    String shortSummary = s.length() > MAX_SUMMARY ? s.substring(0, MAX_SUMMARY) + "..." : s;
    String tail = UpgradeVariables.fitted(logTail == null ? "" : logTail, "the step log");
    execution.setVariable(SUMMARY, shortSummary);
    execution.setVariable(LOG_TAIL, tail);
    RunInstances.setOnAll(execution, SUMMARY, shortSummary);
    RunInstances.setOnAll(execution, LOG_TAIL, tail);
  }
}
