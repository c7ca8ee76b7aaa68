package org.upgradeflow.gates;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Per-gate settings ({@code upgradeflow.gates.per-gate.<GateId>.*}) over defaults
 * ({@code upgradeflow.gates.defaults.*}). Durations are ISO-8601 (PT30M) or Spring style (30m).
 */
@ConfigurationProperties("upgradeflow.gates")
public record GateProperties(GateSettings defaults, Map<String, GateSettings> perGate) {

  public GateProperties {
    defaults = defaults == null ? GateSettings.BUILT_IN : defaults.over(GateSettings.BUILT_IN);
    perGate = perGate == null ? Map.of() : Map.copyOf(perGate);
  }

  /** The generic decision form, used by every gate that configures no form of its own. */
  public static final String DEFAULT_FORM = "GateDecisionForm";

  /** The effective settings of one gate; the form defaults to {@link #DEFAULT_FORM}. */
  public GateSettings forGate(String gateId) {
    GateSettings own = perGate.getOrDefault(gateId, GateSettings.EMPTY);
    GateSettings merged = own.over(defaults);
    if (merged.form() == null) {
      merged = new GateSettings(DEFAULT_FORM, merged.candidateGroups(), merged.reminder(), merged.escalation(),
          merged.hold(), merged.approvers(), merged.choices(), merged.inputs());
    }
    return merged;
  }

  /**
   * @param choices the decisions this gate accepts; the first is the default that needs no reason
   * @param inputs the gate's own completion variables (snapshotName, ...), required with approve and override
   */
  public record GateSettings(String form, List<String> candidateGroups, Duration reminder, Duration escalation,
      Duration hold, Integer approvers, List<String> choices, List<String> inputs) {

    static final GateSettings EMPTY = new GateSettings(null, null, null, null, null, null, null, null);
    static final GateSettings BUILT_IN = new GateSettings(null, List.of("change-managers"),
        Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(8), 1, List.of("approve", "reject"), List.of());

    GateSettings over(GateSettings fallback) {
      return new GateSettings(form != null ? form : fallback.form,
          candidateGroups != null ? List.copyOf(candidateGroups) : fallback.candidateGroups,
          reminder != null ? reminder : fallback.reminder,
          escalation != null ? escalation : fallback.escalation,
          hold != null ? hold : fallback.hold,
          approvers != null ? approvers : fallback.approvers,
          choices != null ? List.copyOf(choices) : fallback.choices,
          inputs != null ? List.copyOf(inputs) : fallback.inputs);
    }
  }
}
