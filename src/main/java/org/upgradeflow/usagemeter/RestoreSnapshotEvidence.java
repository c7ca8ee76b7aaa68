package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/** Gate_RestoreSnapshot: status.sh said Offline; the upgrade log's tail and the snapshot to restore. */
@Component
class RestoreSnapshotEvidence implements GateEvidenceProvider {

  @Override
  public String gateId() {
    return "RestoreSnapshot";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status.sh", run.getVariable(STATUS));
    details.put("log", run.getVariable(UPGRADE_LOG));
    details.put("log tail", run.getVariable(UPGRADE_LOG_TAIL));
    return new GateEvidence(true, "The upgrade failed: status.sh says Offline on " + run.getVariable(APPLIANCE)
        + ". Restore the appliance from snapshot " + run.getVariable(SNAPSHOT_NAME) + " (taken "
        + run.getVariable(SNAPSHOT_TIME) + "), then choose rollback; start a new run to repeat the upgrade."
        + " Log: " + run.getVariable(UPGRADE_LOG), details);
  }
}
