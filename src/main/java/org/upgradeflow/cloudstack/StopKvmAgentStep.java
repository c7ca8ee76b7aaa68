package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Stops the source release's agent, unless it is stopped or already upgraded. */
@Component("stopKvmAgent")
class StopKvmAgentStep extends KvmHostStep {

  StopKvmAgentStep(EnvironmentRegistry environments, KvmAgentUpgrade agents) {
    super(environments, agents);
  }

  @Override
  void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host) {
    agents.stopAgent(host);
  }
}
