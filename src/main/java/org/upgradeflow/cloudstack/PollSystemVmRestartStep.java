package org.upgradeflow.cloudstack;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * One look at sysvmadm: progress (VMs done / total) on the run for {@code /api/runs}, and once
 * it has ended: done, or failed with the VM ids of its {@code ERROR:} lines and the log's tail.
 */
@Component("pollSystemVmRestart")
class PollSystemVmRestartStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final SystemVmRestarts restarts;

  PollSystemVmRestartStep(EnvironmentRegistry environments, SystemVmRestarts restarts) {
    this.environments = environments;
    this.restarts = restarts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    SystemVmRestarts.Progress p = restarts.poll(
        environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID)),
        (String) execution.getVariable(SystemVmVariables.JOB_ID));
    Object total = execution.getVariable(SystemVmVariables.TOTAL);
    long known = total instanceof Number n ? n.longValue() : 0;
    RunScope.setOnRun(execution, SystemVmVariables.DONE, (long) p.vmsDone());
    RunScope.setOnRun(execution, SystemVmVariables.TOTAL, Math.max(known, p.vmsTotal()));
    if (p.running()) {
      execution.setVariable(SystemVmVariables.STATE, "running");
    } else if (p.failed()) {
      execution.setVariable(SystemVmVariables.STATE, "failed");
      String ids = p.failures().stream().map(SysvmadmLog.Failure::vmId).collect(Collectors.joining(", "));
      execution.setVariable(SystemVmVariables.FAILED_VMS, ids);
      String summary = p.failures().isEmpty() ? p.problem()
          : "sysvmadm failed " + p.failures().size() + " system VM(s) or router(s): ids " + ids
              + (p.problem() == null ? "" : "; " + p.problem());
      Failures.record(execution, summary, p.failures().stream().map(SysvmadmLog.Failure::line)
          .collect(Collectors.joining("\n")) + "\n" + p.logTail());
    } else {
      execution.setVariable(SystemVmVariables.STATE, "done");
    }
  }
}
