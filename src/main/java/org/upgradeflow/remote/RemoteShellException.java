package org.upgradeflow.remote;

/**
 * A remote operation failed (connection, authentication, transfer, verification). Messages
 * name the host and the masked command; they never contain a secret.
 */
public class RemoteShellException extends RuntimeException {

  public RemoteShellException(String message) {
    super(message);
  }

  public RemoteShellException(String message, Throwable cause) {
    super(message, cause);
  }
}
