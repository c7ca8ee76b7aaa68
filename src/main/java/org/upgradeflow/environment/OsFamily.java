package org.upgradeflow.environment;

/** Decides package manager, repository file and service commands on a host. */
public enum OsFamily {
  /** RHEL, CentOS: yum, /etc/yum.repos.d/cloudstack.repo */
  RHEL,
  /** Ubuntu: apt, /etc/apt/sources.list.d/cloudstack.list */
  UBUNTU,
  /** Usage Meter appliances */
  PHOTON,
  /** XenServer dom0 */
  XENSERVER
}
