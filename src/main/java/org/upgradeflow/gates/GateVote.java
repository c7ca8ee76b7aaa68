package org.upgradeflow.gates;

/**
 * One decision at a gate, kept for the audit: every vote, also those that did not end the gate,
 * with the evidence the decision was taken on.
 */
record GateVote(String gateId, String taskId, String user, String decision, String reason, String at,
    String evidenceSummary, Boolean conditionHolds) {
}
