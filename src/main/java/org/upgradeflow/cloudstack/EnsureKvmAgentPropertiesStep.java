package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** paths.script in environment.properties and the 4.x resource class in agent.properties. */
@Component("ensureKvmAgentProperties")
class EnsureKvmAgentPropertiesStep extends KvmHostStep {

  EnsureKvmAgentPropertiesStep(EnvironmentRegistry environments, KvmAgentUpgrade agents) {
    super(environments, agents);
  }

  @Override
  void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host) {
    agents.ensureProperties(host);
  }
}
