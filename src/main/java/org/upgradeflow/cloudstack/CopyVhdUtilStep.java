package org.upgradeflow.cloudstack;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** XenServer in use: vhd-util to every management server; out: {@code vhdUtilCopied} (what happened per host). */
@Component("copyVhdUtil")
class CopyVhdUtilStep implements JavaDelegate {

  static final String VHD_UTIL_COPIED = "vhdUtilCopied";

  private final EnvironmentRegistry environments;
  private final VhdUtilCopy vhdUtil;

  CopyVhdUtilStep(EnvironmentRegistry environments, VhdUtilCopy vhdUtil) {
    this.environments = environments;
    this.vhdUtil = vhdUtil;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var env = environments.get(KvmHostVariables.text(execution, UpgradeVariables.ENVIRONMENT_ID));
    if (!vhdUtil.xenServerInUse(env)) {
      execution.setVariable(VHD_UTIL_COPIED, "not needed: no XenServer host in the database");
      return;
    }
    List<VhdUtilCopy.Copied> copied = vhdUtil.copy(env);
    execution.setVariable(VHD_UTIL_COPIED, String.join("\n", copied.stream().map(Object::toString).toList()));
  }
}
