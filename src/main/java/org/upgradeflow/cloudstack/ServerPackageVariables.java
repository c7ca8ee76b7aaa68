package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The variables of CloudStackUpgradeServerPackage (one management or usage server). In: the path's
 * {@code environmentId}, {@code runId}, {@code sourceVersion}, {@code targetVersion} and
 * {@code host}; {@code serverPackageAttempt.<host>} when an earlier attempt failed. Own: the job
 * followed and whether it is still running. On error {@code ServerPackageFailed}:
 * {@code failureSummary}, {@code failureLogTail}.
 */
final class ServerPackageVariables {

  static final String RUN_ID = "runId";
  static final String UPGRADE_JOB = "serverPackageJob";
  static final String UPGRADE_RUNNING = "serverPackageRunning";
  static final String FAILED = "ServerPackageFailed";
  private static final String ATTEMPT_PREFIX = "serverPackageAttempt.";

  private ServerPackageVariables() {
  }

  static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(name + ": expected a non-empty string variable, got " + value);
    }
    return text;
  }

  /**
   * The attempt of this host's package run to start or follow: 1 unless an attempt failed. Kept
   * as a variable of the run (the path passes all its variables to this fragment), so a retry
   * after Gate_ResolveFailure starts the next attempt and an engine restart keeps the count.
   */
  static int attempt(DelegateExecution execution, String host) {
    Object value = execution.getVariable(ATTEMPT_PREFIX + host);
    if (value == null) {
      return 1;
    }
    if (!(value instanceof Number n) || n.intValue() < 1) {
      throw new IllegalArgumentException(ATTEMPT_PREFIX + host + ": expected a positive number, got " + value);
    }
    return n.intValue();
  }

  /**
   * After the job {@code failedJob} ({@code <prefix><attempt>}) failed: the next attempt is what a
   * retry starts, set on every instance up to the run's root. Never lowered, and judged by the
   * failed job's own number, so two looks at the same failed job raise it once.
   */
  static void nextAttempt(DelegateExecution execution, String host, String failedJob) {
    int failed = Integer.parseInt(failedJob.substring(failedJob.lastIndexOf('.') + 1));
    int next = Math.max(attempt(execution, host), failed + 1);
    RunInstances.setOnAll(execution, ATTEMPT_PREFIX + host, next);
  }
}
