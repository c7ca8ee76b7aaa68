package org.upgradeflow.gates;

import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Evidence of the test gate FixtureTemplates: a template that is READY or not, set by the test. */
@Component
@Profile("test")
class FixtureEvidenceProvider implements GateEvidenceProvider {

  static volatile boolean templateReady;

  @Override
  public String gateId() {
    return "FixtureTemplates";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    return templateReady
        ? new GateEvidence(true, "systemvm-kvm-4.3 is READY in zone1", Map.of("zone1", "DOWNLOADED"))
        : new GateEvidence(false, "systemvm-kvm-4.3 is not READY in zone1 (DOWNLOAD_IN_PROGRESS 40%)",
            Map.of("zone1", "DOWNLOAD_IN_PROGRESS"));
  }
}
