package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * Starts the 4.x agent (RHEL: killall jsvc first); an agent that does not come up fails the host.
 * Records the start: the wait for the host row to show Up counts from here, also when the agent
 * was running already (a retry waits anew).
 */
@Component("startKvmAgent")
class StartKvmAgentStep extends KvmHostStep {

  StartKvmAgentStep(EnvironmentRegistry environments, KvmAgentUpgrade agents) {
    super(environments, agents);
  }

  @Override
  void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host) {
    agents.startAgent(host);
    PollDeadline.start(execution, KvmHostVariables.AGENT_STARTED_AT);
  }
}
