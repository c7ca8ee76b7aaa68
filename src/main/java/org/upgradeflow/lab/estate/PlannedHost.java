package org.upgradeflow.lab.estate;

import org.upgradeflow.environment.HostRole;
import org.upgradeflow.lab.host.LabHostSpec;

/** A host of an estate before it starts: its name in the inventory, its role and its lab spec. */
public record PlannedHost(String name, HostRole role, LabHostSpec spec) {
}
