package org.upgradeflow.gates;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A request the service refuses as the client's error, however deep in the engine it is found:
 * both engine REST APIs answer it with 400 and this message ({@link GateRefusalExceptionMapper}).
 */
public class RequestRefusedException extends BadUserRequestException {

  public RequestRefusedException(String message) {
    super(message);
  }
}
