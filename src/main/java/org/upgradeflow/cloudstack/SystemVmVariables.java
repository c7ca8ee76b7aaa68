package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Variables of CloudStackRestartSystemVms and restoreIntegrationPort (non-secret facts only). */
final class SystemVmVariables {
  /** out, remembered on the run: the setting before this run touched it (Integer, null for NULL). */
  static final String PORT_BEFORE = "integrationApiPortBefore";
  /** This run opened 8096 (it was not 8096 before): management servers restart now and at the end. */
  static final String PORT_OPENED_BY_RUN = "integrationPortOpenedByRun";
  static final String JOB_ID = "sysvmadmJobId";
  static final String DONE = "systemVmsDone";
  static final String TOTAL = "systemVmsTotal";
  static final String STATE = "systemVmRestartState";
  static final String POLL_INTERVAL = "systemVmPollInterval";
  static final String FAILED_VMS = "systemVmsFailed";
  static final String RESTART_FAILED = "SystemVmRestartFailed";

  private SystemVmVariables() {
  }

  /** The management service name of the release the servers run now (the target's). */
  static Naming targetNaming(DelegateExecution execution) {
    Object target = execution.getVariable(UpgradeVariables.TARGET_VERSION);
    return target == null ? Naming.CURRENT : Naming.of(CloudStackVersion.parse(target.toString()));
  }

  /** Whether the port before the run, as remembered, was other than sysvmadm's. */
  static boolean openedByRun(Object before) {
    return before == null || !String.valueOf(IntegrationPort.SYSVMADM_PORT).equals(before.toString());
  }
}
