package org.upgradeflow.gates;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A gate completion the service refuses; the task stays open. A BadUserRequestException so the
 * REST API answers 400 with this message (Tasklist shows it).
 */
public class GateRefusedException extends BadUserRequestException {

  public GateRefusedException(String message) {
    super(message);
  }
}
