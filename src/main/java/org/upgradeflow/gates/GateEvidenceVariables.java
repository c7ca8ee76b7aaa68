package org.upgradeflow.gates;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Writes a gate's evidence into its variables, the same way when the task opens and when an
 * approval re-checks it: the flag the rules read, the summary, the details (for the audit and
 * scripts) and the details as table rows for the decision form.
 */
final class GateEvidenceVariables {

  /** Between item and state in a row; the form splits on it. */
  static final String CELL_SEPARATOR = " | ";

  private GateEvidenceVariables() {
  }

  static void write(VariableScope gate, GateEvidence evidence) {
    gate.setVariable(GateVariables.CONDITION_HOLDS, evidence.conditionHolds());
    gate.setVariable(GateVariables.EVIDENCE_SUMMARY, evidence.summary());
    gate.setVariable(GateVariables.EVIDENCE, new LinkedHashMap<>(evidence.details()));
    gate.setVariable(GateVariables.EVIDENCE_ROWS, rows(evidence.details()));
    gate.setVariable(GateVariables.EVIDENCE_AT, ClockUtil.getCurrentTime().toInstant().toString());
  }

  /** One "item | state" line per detail, sorted by item; separators inside values are neutralised. */
  static String rows(Map<String, Object> details) {
    return details.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> cell(e.getKey()) + CELL_SEPARATOR + cell(String.valueOf(e.getValue())))
        .collect(Collectors.joining("\n"));
  }

  private static String cell(String value) {
    return value.replace('\n', ' ').replace('\r', ' ').replace('|', '/').strip();
  }
}
