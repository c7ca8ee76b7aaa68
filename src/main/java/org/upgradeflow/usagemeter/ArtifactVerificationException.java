package org.upgradeflow.usagemeter;

/** An upgrade artifact failed a check; the message names the file and what did not match. */
public class ArtifactVerificationException extends RuntimeException {

  public ArtifactVerificationException(String message) {
    super(message);
  }

  public ArtifactVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
