package org.upgradeflow.gates;

/**
 * A gate completion the service refuses; the task stays open. The REST API answers 400 with this
 * message (Tasklist shows it).
 */
public class GateRefusedException extends RequestRefusedException {

  public GateRefusedException(String message) {
    super(message);
  }
}
