package org.upgradeflow.clouddb;

/** A running, not removed system VM from {@code vm_instance} (s-N-VM, v-N-VM, r-N-VM). */
public record SystemVm(long id, String name, SystemVmType type, Long hostId, long zoneId) {
}
