package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.VmwarePasswordEncryption;
import org.upgradeflow.environment.Environment;

/**
 * The VMware step while the management servers are stopped: every vCenter password row encrypted
 * with the first management server's key, each exactly once (an encrypted row is left alone).
 */
@Component("reencryptVmwarePasswords")
class ReencryptVmwarePasswordsStep implements JavaDelegate {

  static final String ROWS_ENCRYPTED = "vmwareRowsEncrypted";

  private final PathRun run;
  private final PathHosts hosts;
  private final VmwareReencryption reencryption;

  ReencryptVmwarePasswordsStep(PathRun run, PathHosts hosts, VmwareReencryption reencryption) {
    this.run = run;
    this.hosts = hosts;
    this.reencryption = reencryption;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    var first = env.host(hosts.firstManagementServer(env.id())).orElseThrow();
    VmwarePasswordEncryption.Result result = reencryption.reencrypt(env, first,
        (String) execution.getVariable(UpgradeVariables.SOURCE_VERSION));
    execution.setVariable(ROWS_ENCRYPTED, "encrypted now: " + result.encrypted() + "; already encrypted: "
        + result.alreadyEncrypted());
  }
}
