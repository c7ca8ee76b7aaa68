package org.upgradeflow.gates;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a gate completion must satisfy, checked by the service whatever the client
 * (Tasklist, REST, script). Pure: the listener gathers the facts, this decides.
 */
final class GateCompletionRules {

  static final String APPROVE = "approve";
  static final String OVERRIDE = "override";

  record Facts(String gateId, String user, Set<String> userGroups, Set<String> candidateGroups,
      List<String> choices, boolean reasonAlwaysRequired, String decision, String reason, boolean conditionHolds, String evidenceSummary,
      int requiredApprovers, String runInitiator, List<String> approversSoFar, Map<String, Object> inputs) {
  }

  private GateCompletionRules() {
  }

  /** @return the gate's outcome: the decision, or {@code pending} while approvers are missing */
  static String check(Facts f) {
    if (f.user() == null) {
      throw new GateRefusedException("Gate " + f.gateId() + " must be completed by an authenticated user");
    }
    if (f.candidateGroups().stream().noneMatch(f.userGroups()::contains)) {
      throw new GateRefusedException("User " + f.user() + " is not in the candidate groups "
          + f.candidateGroups() + " of gate " + f.gateId());
    }
    String decision = f.decision();
    if (decision == null || !f.choices().contains(decision)) {
      throw new GateRefusedException("decision: expected one of " + f.choices() + ", got "
          + (decision == null ? "nothing" : "'" + decision + "'"));
    }
    if (decision.equals(APPROVE) && !f.conditionHolds()) {
      throw new GateRefusedException("Gate " + f.gateId() + " cannot be approved: " + f.evidenceSummary()
          + (f.choices().contains(OVERRIDE) ? "; choose override with a written reason to proceed anyway" : ""));
    }
    boolean needsReason = f.reasonAlwaysRequired() || !decision.equals(f.choices().get(0));
    if (needsReason && (f.reason() == null || f.reason().isBlank())) {
      throw new GateRefusedException("reason: required for decision '" + decision + "' at gate " + f.gateId());
    }
    boolean approving = decision.equals(APPROVE) || decision.equals(OVERRIDE);
    if (!approving) {
      return decision;
    }
    // the gate's own inputs (a snapshot's name and time, ...) are what a proceeding decision vouches for
    f.inputs().forEach((name, value) -> {
      if (value == null || value.toString().isBlank()) {
        throw new GateRefusedException(name + ": required for decision '" + decision + "' at gate " + f.gateId());
      }
    });
    if (f.requiredApprovers() > 1) {
      if (f.user().equals(f.runInitiator())) {
        throw new GateRefusedException("Four-eyes: " + f.user() + " started this run and cannot approve gate "
            + f.gateId());
      }
      if (f.approversSoFar().contains(f.user())) {
        throw new GateRefusedException("Four-eyes: " + f.user() + " already approved gate " + f.gateId()
            + "; a different member of " + f.candidateGroups() + " must approve");
      }
    }
    return f.approversSoFar().size() + 1 >= f.requiredApprovers() ? decision : GateVariables.OUTCOME_PENDING;
  }
}
