package org.upgradeflow.environment;

import java.util.List;

/** A XenServer pool: the master's host name and the members' host names (all in {@link Environment#hosts()}). */
public record XenServerPool(String name, String master, List<String> members) {
}
