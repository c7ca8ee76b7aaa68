package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/** The run's outcome, on the root instance where {@code /api/runs} reads it: rolled back. */
@Component("recordRollback")
class RecordRollbackListener implements ExecutionListener {

  static final String ROLLED_BACK = "rolled-back";

  @Override
  public void notify(DelegateExecution execution) {
    RunScope.setOnRun(execution, BackupVariables.RUN_OUTCOME, ROLLED_BACK);
  }
}
