package org.upgradeflow.gates;

import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * At a run's start: {@code runInitiator} is the authenticated user who starts it. The start
 * event's {@code camunda:initiator} sets it, but the engine applies the start request's variables
 * after that, so a request carrying another runInitiator would win; it is refused. (Four-eyes
 * does not read the variable either: {@link GateOrigin#runStarter} asks the engine's history.)
 */
@Component("checkRunInitiator")
class CheckRunInitiator implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    Authentication auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String user = auth == null ? null : auth.getUserId();
    Object given = execution.getVariable(GateVariables.RUN_INITIATOR);
    if (!Objects.equals(given, user)) {
      throw new RequestRefusedException(GateVariables.RUN_INITIATOR + ": set by the service to the user who starts the run ("
          + (user == null ? "nobody is authenticated" : user) + "); leave it out of the start request");
    }
  }
}
