package org.upgradeflow.gates;

import java.util.Map;

/**
 * What a change manager judges at a gate, gathered just before the task opens and again when it
 * is completed. {@code conditionHolds} false means approving needs the override choice and a reason.
 */
public record GateEvidence(boolean conditionHolds, String summary, Map<String, Object> details) {

  public static final GateEvidence NONE = new GateEvidence(true, "", Map.of());

  public GateEvidence {
    details = details == null ? Map.of() : Map.copyOf(details);
  }
}
