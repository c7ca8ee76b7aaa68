package org.upgradeflow.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This service node's host name, reduced to characters safe in a remote file name. */
final class NodeName {

  static final String NAME = resolve();

  private NodeName() {
  }

  private static String resolve() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = System.getenv().getOrDefault("HOSTNAME", "node");
    }
    String safe = name.replaceAll("[^A-Za-z0-9.-]", "_");
    return safe.isEmpty() ? "node" : safe;
  }
}
