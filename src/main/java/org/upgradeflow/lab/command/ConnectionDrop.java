package org.upgradeflow.lab.command;

/**
 * Thrown by a command to make the SSH session close under the client, the way a network
 * failure or a crashing host looks from the outside: no exit status, no more output.
 */
public final class ConnectionDrop extends RuntimeException {

  public ConnectionDrop() {
    super("connection dropped by the lab", null, false, false);
  }
}
