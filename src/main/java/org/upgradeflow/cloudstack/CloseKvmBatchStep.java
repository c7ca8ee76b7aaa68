package org.upgradeflow.cloudstack;

import static org.upgradeflow.cloudstack.KvmHostVariables.BATCHES_LEFT;
import static org.upgradeflow.cloudstack.KvmHostVariables.BATCH_COUNT;
import static org.upgradeflow.cloudstack.KvmHostVariables.BATCH_INDEX;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILED_HOSTS;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURES;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURE_LOG_TAIL;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURE_SUMMARY;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURE_TAILS;
import static org.upgradeflow.cloudstack.KvmHostVariables.HOSTS_DONE;
import static org.upgradeflow.cloudstack.KvmHostVariables.HOSTS_TOTAL;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * After every host of a batch has finished (upgraded or failed): moves to the next batch, or,
 * when a host of this batch failed, writes {@code failureSummary} and {@code failureLogTail} for
 * {@code HostsFailed} (also on the calling path's instances, for Gate_ResolveFailure); the next
 * batch is then not started.
 */
@Component("closeKvmBatch")
class CloseKvmBatchStep implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    int index = KvmHostVariables.number(execution, BATCH_INDEX);
    int count = KvmHostVariables.number(execution, BATCH_COUNT);
    String failed = (String) execution.getVariable(FAILED_HOSTS);
    if (failed != null && !failed.isEmpty()) {
      int hosts = failed.split(",").length;
      String summary = hosts + " KVM host(s) failed in batch " + (index + 1) + " of " + count + " ("
          + KvmHostVariables.number(execution, HOSTS_DONE) + " of " + KvmHostVariables.number(execution, HOSTS_TOTAL)
          + " hosts upgraded; " + (count - index - 1) + " later batch(es) not started): " + failed + "\n"
          + execution.getVariable(FAILURES);
      // the path's Gate_ResolveFailure shows the failure: HostsFailed passes no output mapping
      Failures.record(execution, summary, (String) execution.getVariable(FAILURE_TAILS));
      execution.setVariable(FAILURE_SUMMARY, UpgradeVariables.fitted(summary, "failedHosts and the step logs"));
      execution.setVariable(FAILURE_LOG_TAIL, execution.getVariable(FAILURE_TAILS));
      execution.setVariable(BATCHES_LEFT, false);
      return;
    }
    execution.setVariable(BATCH_INDEX, index + 1);
    execution.setVariable(BATCHES_LEFT, index + 1 < count);
  }
}
