package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.RemoteTarget;

/** Gate_EnableSsh: the appliance does not answer on SSH; says exactly what to do on its console. */
@Component
class EnableSshEvidence implements GateEvidenceProvider {

  private final Appliance appliance;

  EnableSshEvidence(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public String gateId() {
    return "EnableSsh";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    RemoteTarget target = appliance.target((String) run.getVariable(ENVIRONMENT_ID));
    HostProbe probe = appliance.probe(target);
    String todo = "Log in to the console of " + target.name() + " as root and run: systemctl enable sshd; "
        + "systemctl start sshd (on 4.1.x/4.2: service sshd start). Then choose retry.";
    return new GateEvidence(probe.reachable(), (probe.reachable() ? target.name() + " answers on SSH now. "
        : target.name() + " does not answer on SSH (" + probe.detail() + "). ") + todo,
        Map.of("appliance", target.toString(), "ssh", probe.reachable() ? "reachable" : String.valueOf(probe.detail())));
  }
}
