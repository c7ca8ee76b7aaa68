package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Counts a KVM host whose agent runs the target release ({@code hostsDone}, also on the run). */
@Component("recordKvmHostDone")
class RecordKvmHostDoneStep implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    int done = KvmHostVariables.number(execution, KvmHostVariables.HOSTS_DONE) + 1;
    KvmHostVariables.setProgress(execution, KvmHostVariables.HOSTS_DONE, done);
  }
}
