package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * A mid-run gate that was not approved (components.xml not carried over, no authenticator
 * chosen, a hold that ended in abort) is resolved like a failure: the services are stopped or half
 * upgraded, so the change manager chooses retry (the gate again), rollback or abort.
 */
@Component("pathFailures")
public class PathFailures {

  public void gateNotApproved(DelegateExecution execution, String gateStep) {
    execution.setVariable(ResolveFailureEvidence.FAILED_STEP, gateStep);
    String gate = gateStep.substring(gateStep.indexOf('_') + 1);
    Failures.record(execution, gateStep + " was not approved (" + execution.getVariable(decisionOf(gate)) + "): "
        + execution.getVariable(reasonOf(gate)), "");
  }

  private static String decisionOf(String gate) {
    return gate.equals("ApiAuthenticator") ? "apiAuthenticator" : Character.toLowerCase(gate.charAt(0)) + gate.substring(1) + "Decision";
  }

  private static String reasonOf(String gate) {
    return Character.toLowerCase(gate.charAt(0)) + gate.substring(1) + "Reason";
  }
}
