package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Points the KVM host's repository file (per OS family) at the target series. */
@Component("pointKvmRepository")
class PointKvmRepositoryStep extends KvmHostStep {

  PointKvmRepositoryStep(EnvironmentRegistry environments, KvmAgentUpgrade agents) {
    super(environments, agents);
  }

  @Override
  void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host) {
    agents.pointRepository(host);
  }
}
