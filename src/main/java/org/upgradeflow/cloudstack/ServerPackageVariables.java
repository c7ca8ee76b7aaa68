package org.upgradeflow.cloudstack;

/**
 * The variables of CloudStackUpgradeServerPackage (one management or usage server). In: the path's
 * {@code environmentId}, {@code runId}, {@code sourceVersion}, {@code targetVersion} and
 * {@code host}. Own: the job followed and whether it is still running.
 */
final class ServerPackageVariables {

  static final String RUN_ID = "runId";
  static final String UPGRADE_JOB = "serverPackageJob";
  static final String UPGRADE_RUNNING = "serverPackageRunning";

  private ServerPackageVariables() {
  }

  static String text(org.camunda.bpm.engine.delegate.DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(name + ": expected a non-empty string variable, got " + value);
    }
    return text;
  }
}
