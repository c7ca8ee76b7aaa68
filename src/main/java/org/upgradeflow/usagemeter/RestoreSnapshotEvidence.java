package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/**
 * Gate_RestoreSnapshot: status.sh said Offline, or upgrade-um.sh was interrupted with the
 * appliance below the target; the upgrade log's tail and the snapshot to restore.
 */
@Component
class RestoreSnapshotEvidence implements GateEvidenceProvider {

  @Override
  public String gateId() {
    return "RestoreSnapshot";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    Object interruption = run.getVariable(SCRIPT_INTERRUPTION);
    Map<String, Object> details = new LinkedHashMap<>();
    if (interruption != null) {
      details.put("upgrade-um.sh", interruption);
    } else {
      details.put("status.sh", run.getVariable(STATUS));
    }
    details.put("log", run.getVariable(UPGRADE_LOG));
    details.put("log tail", run.getVariable(UPGRADE_LOG_TAIL));
    String failed = interruption != null ? "The upgrade did not finish: " + interruption + "."
        : "The upgrade failed: status.sh says Offline on " + run.getVariable(APPLIANCE) + ".";
    return new GateEvidence(true, failed + " Restore the appliance from snapshot " + run.getVariable(SNAPSHOT_NAME)
        + " (taken " + run.getVariable(SNAPSHOT_TIME) + "), then choose rollback; start a new run to repeat the upgrade."
        + " Log: " + run.getVariable(UPGRADE_LOG), details);
  }
}
