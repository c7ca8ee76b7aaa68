package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/** Gate_ConnectCdrom: what to connect in vSphere; the mount after approval proves it. */
@Component
class ConnectCdromEvidence implements GateEvidenceProvider {

  @Override
  public String gateId() {
    return "ConnectCdrom";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    return new GateEvidence(true, "In vSphere, connect the CD/DVD drive of " + run.getVariable(APPLIANCE)
        + " to the datastore ISO file " + run.getVariable(ARTIFACT_NAME) + " (SHA-1 " + run.getVariable(ARTIFACT_SHA)
        + ", verified) and tick Connected; then approve. UpgradeFlow mounts /dev/cdrom on /root/upgrade next"
        + " and comes back here when the drive has no medium.",
        Map.of("iso", String.valueOf(run.getVariable(ARTIFACT_NAME))));
  }
}
