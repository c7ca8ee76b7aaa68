package org.upgradeflow.gates;

/**
 * One decision at a gate, kept for the audit: every vote, also those that did not end the gate,
 * with the evidence the decision was taken on and the gate's own inputs it gave (null: none).
 * {@code opening} counts the gate's openings (1, then one more after each resume from hold): the
 * approvals of one opening are what four-eyes counts.
 */
record GateVote(String gateId, String taskId, String user, String decision, String reason, String at,
    String evidenceSummary, Boolean conditionHolds, java.util.Map<String, String> inputs, int opening) {
}
