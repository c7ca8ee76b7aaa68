package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** One look at the running agent upgrade: still running, done at the target, or the host failed. */
@Component("checkKvmAgentUpgrade")
class CheckKvmAgentUpgradeStep extends KvmHostStep {

  CheckKvmAgentUpgradeStep(EnvironmentRegistry environments, KvmAgentUpgrade agents) {
    super(environments, agents);
  }

  @Override
  void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host) {
    String job = KvmHostVariables.text(execution, KvmHostVariables.UPGRADE_JOB);
    execution.setVariable(KvmHostVariables.UPGRADE_RUNNING, agents.checkUpgrade(host, job).running());
  }
}
