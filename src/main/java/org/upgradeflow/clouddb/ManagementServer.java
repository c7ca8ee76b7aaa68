package org.upgradeflow.clouddb;

/** A row of {@code mshost}: one management server. state is Up, Starting or Down. */
public record ManagementServer(long msid, String name, String state, String version,
    String serviceIp) {
}
