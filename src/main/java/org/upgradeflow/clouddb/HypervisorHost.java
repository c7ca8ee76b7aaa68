package org.upgradeflow.clouddb;

/**
 * A {@code host} row of type Routing (a hypervisor host) that is not removed.
 *
 * @param status         Up, Down, Disconnected, Alert, … as CloudStack sees the agent
 * @param hypervisorType XenServer, KVM, VMware, Hyperv, …
 * @param zoneId         {@code data_center_id}
 */
public record HypervisorHost(long id, String name, String uuid, String status,
    String hypervisorType, String privateIpAddress, Long clusterId, long zoneId,
    String resourceState, String version) {

  public boolean isUp() {
    return "Up".equals(status);
  }
}
