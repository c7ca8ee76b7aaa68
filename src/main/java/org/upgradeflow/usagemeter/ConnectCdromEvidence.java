package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/**
 * Gate_ConnectCdrom: what to connect in vSphere; the SHA-1 check and mount after approval prove
 * it. When the run comes back here, the reason (no medium, or another ISO with both SHA-1s) leads.
 */
@Component
class ConnectCdromEvidence implements GateEvidenceProvider {

  @Override
  public String gateId() {
    return "ConnectCdrom";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    Object problem = run.getVariable(CDROM_PROBLEM);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("iso", String.valueOf(run.getVariable(ARTIFACT_NAME)));
    details.put("verified SHA-1", String.valueOf(run.getVariable(ARTIFACT_SHA)));
    if (problem != null) {
      details.put("last attempt", problem);
    }
    if (run.getVariable(CDROM_CHECKSUM) != null) {
      details.put("SHA-1 of /dev/cdrom", run.getVariable(CDROM_CHECKSUM));
    }
    return new GateEvidence(true, (problem == null ? "" : "Not mounted: " + problem + ". ")
        + "In vSphere, connect the CD/DVD drive of " + run.getVariable(APPLIANCE)
        + " to the datastore ISO file " + run.getVariable(ARTIFACT_NAME) + " (SHA-1 " + run.getVariable(ARTIFACT_SHA)
        + ", verified) and tick Connected; then approve. UpgradeFlow compares sha1sum /dev/cdrom with that SHA-1,"
        + " mounts /dev/cdrom on /root/upgrade, and comes back here when the drive has no medium or another one.",
        details);
  }
}
