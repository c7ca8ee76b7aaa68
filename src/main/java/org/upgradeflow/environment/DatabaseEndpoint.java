package org.upgradeflow.environment;

/** The CloudStack `cloud` database as the management servers use it. */
public record DatabaseEndpoint(String host, int port, String user, Secret password) {
}
