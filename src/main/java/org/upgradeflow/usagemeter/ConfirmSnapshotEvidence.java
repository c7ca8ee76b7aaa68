package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/**
 * Gate_ConfirmSnapshot: the verified upgrade files (checksums, signer) and the snapshot the
 * change manager names. Approval needs {@code snapshotName} and {@code snapshotTime} (ISO-8601,
 * not in the future); the approval is what the service later types at the script's snapshot
 * prompt, and reject ends the run, so "no" never reaches the script.
 */
@Component
class ConfirmSnapshotEvidence implements GateEvidenceProvider {

  static final String GATE = "ConfirmSnapshot";

  @Override
  public String gateId() {
    return GATE;
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("appliance", run.getVariable(APPLIANCE));
    details.put("upgrade", run.getVariable(INSTALLED_VERSION) + " -> " + run.getVariable(TARGET_VERSION));
    details.put("upgrade file", run.getVariable(ARTIFACT_EVIDENCE));
    String problem = problem(run.getVariable(SNAPSHOT_NAME), run.getVariable(SNAPSHOT_TIME));
    String files = String.valueOf(run.getVariable(ARTIFACT_EVIDENCE));
    if (problem != null) {
      return new GateEvidence(false, "Upgrade file verified: " + files + ". To approve, name the snapshot of "
          + run.getVariable(APPLIANCE) + " in vCenter and when it was taken (" + problem + ")", details);
    }
    details.put("snapshot", run.getVariable(SNAPSHOT_NAME) + " taken " + run.getVariable(SNAPSHOT_TIME));
    return new GateEvidence(true, "Upgrade file verified: " + files + ". Snapshot " + run.getVariable(SNAPSHOT_NAME)
        + " taken " + run.getVariable(SNAPSHOT_TIME), details);
  }

  /** What is wrong with the snapshot inputs, or null. */
  static String problem(Object name, Object time) {
    if (!(name instanceof String n) || n.isBlank()) {
      return "snapshotName: required, the snapshot's name in vCenter";
    }
    if (n.length() > 200) {
      return "snapshotName: at most 200 characters";
    }
    if (!(time instanceof String t) || t.isBlank()) {
      return "snapshotTime: required, when the snapshot was taken (ISO-8601, e.g. 2024-05-01T21:30Z)";
    }
    Instant at = parse(t.strip());
    if (at == null) {
      return "snapshotTime: expected ISO-8601 such as 2024-05-01T21:30Z or 2024-05-01T21:30, got '" + t + "'";
    }
    if (at.isAfter(ClockUtil.getCurrentTime().toInstant().plusSeconds(300))) {
      return "snapshotTime: " + t + " is in the future";
    }
    return null;
  }

  private static Instant parse(String t) {
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
