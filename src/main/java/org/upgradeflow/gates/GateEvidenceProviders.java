package org.upgradeflow.gates;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/** Finds the evidence provider of a gate; the one place that knows all of them. */
@Component
class GateEvidenceProviders {

  private final Map<String, GateEvidenceProvider> byGate;

  GateEvidenceProviders(List<GateEvidenceProvider> providers) {
    this.byGate = providers.stream().collect(Collectors.toMap(GateEvidenceProvider::gateId, Function.identity()));
  }

  GateEvidence gather(String gateId, VariableScope run) {
    GateEvidenceProvider provider = byGate.get(gateId);
    return provider == null ? GateEvidence.NONE : provider.gather(run);
  }
}
