package org.upgradeflow.clouddb;

/** The system VM types cloudstack-sysvmadm restarts; names are {@code vm_instance.type} values. */
public enum SystemVmType {
  SecondaryStorageVm,
  ConsoleProxy,
  DomainRouter
}
