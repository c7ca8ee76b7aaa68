package org.upgradeflow.clouddb;

/**
 * The CloudStack database could not be reached or answered unexpectedly. The message names the
 * endpoint (host, port, user, schema) and never contains the password.
 */
public class CloudDatabaseException extends RuntimeException {

  CloudDatabaseException(String message) {
    super(message);
  }

  CloudDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
