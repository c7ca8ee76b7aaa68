package org.upgradeflow.environment;

/** One machine of an estate, reached over SSH. {@code name} is the id used in plans and variables. */
public record Host(String name, String address, int port, HostRole role, OsFamily os, SshCredentials ssh) {
}
