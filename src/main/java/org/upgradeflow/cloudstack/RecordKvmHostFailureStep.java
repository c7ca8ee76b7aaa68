package org.upgradeflow.cloudstack;

import static org.upgradeflow.cloudstack.KvmHostVariables.FAILED_HOSTS;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURES;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURE_TAILS;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Records a KVM host that failed (the {@code HostFailed} error caught at its scope): its name,
 * the one-line reason and the log tail, for the batch's report. The other hosts of the batch go on.
 */
@Component("recordKvmHostFailure")
class RecordKvmHostFailureStep implements JavaDelegate {

  @Override
  public void execute(DelegateExecution execution) {
    String host = KvmHostVariables.text(execution, KvmHostVariables.HOST);
    Object message = execution.getVariable(KvmHostVariables.HOST_FAILURE);
    String text = message == null ? host + ": failed (no message)" : message.toString();
    int mark = text.indexOf(KvmHostVariables.TAIL_MARK);
    String summary = mark < 0 ? text : text.substring(0, mark);
    String tail = mark < 0 ? "" : text.substring(mark + KvmHostVariables.TAIL_MARK.length());
    execution.setVariable(FAILED_HOSTS, append((String) execution.getVariable(FAILED_HOSTS), host, ","));
    execution.setVariable(FAILURES, append((String) execution.getVariable(FAILURES), summary, "\n"));
    String tails = append((String) execution.getVariable(FAILURE_TAILS), "== " + host + "\n" + tail, "\n");
    execution.setVariable(FAILURE_TAILS, UpgradeVariables.fitted(tails, "the step logs of " + host));
  }

  private static String append(String list, String item, String separator) {
    return list == null || list.isEmpty() ? item : list + separator + item;
  }
}
