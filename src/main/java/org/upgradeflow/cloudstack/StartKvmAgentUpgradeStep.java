package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Starts the agent package upgrade as a detached job (none when the agent is at the target). */
@Component("startKvmAgentUpgrade")
class StartKvmAgentUpgradeStep extends KvmHostStep {

  StartKvmAgentUpgradeStep(EnvironmentRegistry environments, KvmAgentUpgrade agents) {
    super(environments, agents);
  }

  @Override
  void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host) {
    String job = agents.startUpgrade(host, KvmHostVariables.text(execution, KvmHostVariables.RUN_ID));
    execution.setVariable(KvmHostVariables.UPGRADE_JOB, job);
    execution.setVariable(KvmHostVariables.UPGRADE_RUNNING, job != null);
  }
}
