package org.upgradeflow.environment;

/** The part a host plays in an estate; the YAML section it is listed under. */
public enum HostRole {
  MANAGEMENT_SERVER("managementServers"),
  USAGE_SERVER("usageServers"),
  DATABASE_HOST("databaseHost"),
  KVM_HOST("kvmHosts"),
  XENSERVER_HOST("xenServerPools"),
  USAGE_METER_APPLIANCE("appliances");

  private final String section;

  HostRole(String section) {
    this.section = section;
  }

  /** The YAML key of the section, also the key of per-role SSH settings under {@code ssh.roles}. */
  public String section() {
    return section;
  }
}
