package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * A step of one KVM host inside the batch multi-instance: reads the host from the variables,
 * runs one call of {@link KvmAgentUpgrade}, and turns what the host refused into the
 * {@code HostFailed} error that the host's boundary event records (the other hosts of the batch
 * go on). Connection problems propagate: the job is retried, then an incident appears.
 */
abstract class KvmHostStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  protected final KvmAgentUpgrade agents;

  KvmHostStep(EnvironmentRegistry environments, KvmAgentUpgrade agents) {
    this.environments = environments;
    this.agents = agents;
  }

  @Override
  public final void execute(DelegateExecution execution) {
    KvmAgentUpgrade.KvmHost host = KvmHostVariables.host(execution, environments);
    try {
      run(execution, host);
    } catch (KvmHostFailure failure) {
      throw KvmHostVariables.hostFailed(failure);
    }
  }

  abstract void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host);
}
