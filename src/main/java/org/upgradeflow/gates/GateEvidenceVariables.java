package org.upgradeflow.gates;

import java.util.LinkedHashMap;
import java.util.List;
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

  /** Between item and state in a row (a tab: commands and host lists may contain '|'); the form splits on it. */
  static final String CELL_SEPARATOR = "\t";

  private GateEvidenceVariables() {
  }

  static void write(VariableScope gate, GateEvidence evidence) {
    gate.setVariable(GateVariables.CONDITION_HOLDS, evidence.conditionHolds());
    gate.setVariable(GateVariables.EVIDENCE_SUMMARY, evidence.summary());
    gate.setVariable(GateVariables.EVIDENCE, new LinkedHashMap<>(evidence.details()));
    gate.setVariable(GateVariables.EVIDENCE_ROWS, rows(evidence.details()));
    gate.setVariable(GateVariables.EVIDENCE_AT, ClockUtil.getCurrentTime().toInstant().toString());
  }

  /**
   * One "item TAB state" line per detail, sorted by item. A multi-line state (a plan, a command's
   * output tail) continues on rows of its own with an empty item, so the table keeps its lines.
   */
  static String rows(Map<String, Object> details) {
    return details.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> row(e.getKey(), String.valueOf(e.getValue())))
        .collect(Collectors.joining("\n"));
  }

  private static String row(String item, String state) {
    List<String> lines = state.lines().map(GateEvidenceVariables::cell).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      return cell(item) + CELL_SEPARATOR;
    }
    StringBuilder row = new StringBuilder(cell(item)).append(CELL_SEPARATOR).append(lines.get(0));
    lines.stream().skip(1).forEach(l -> row.append('\n').append(CELL_SEPARATOR).append(l));
    return row.toString();
  }

  private static String cell(String value) {
    return value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ').strip();
  }
}
