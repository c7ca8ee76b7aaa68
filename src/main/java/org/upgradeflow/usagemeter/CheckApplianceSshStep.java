package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.HostKeyRejectedException;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Pre-flight: can we log in to the appliance with a known host key? Unreachable (sshd not yet
 * enabled on the console) leads to Gate_EnableSsh; an unknown or changed host key refuses the run.
 */
@Component("checkApplianceSsh")
class CheckApplianceSshStep implements JavaDelegate {

  private final Appliance appliance;

  CheckApplianceSshStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    execution.setVariable(APPLIANCE, target.name());
    HostProbe probe;
    try {
      probe = appliance.probe(target);
    } catch (HostKeyRejectedException e) {
      execution.setVariable(REFUSAL, e.getMessage());
      throw new BpmnError(UNSUPPORTED, e.getMessage());
    }
    execution.setVariable(SSH_REACHABLE, probe.reachable());
    execution.setVariable(SSH_DETAIL, probe.reachable() ? "reachable, host key known" : probe.detail());
  }
}
