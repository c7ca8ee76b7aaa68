package org.upgradeflow.clouddb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CloudStack {@code cloud} database as the upgrade steps need it. Every call opens its own
 * short connection, so an instance can be kept by a step and reused across Camunda jobs.
 * Writes are idempotent (check, then act) and return whether they changed anything.
 */
public interface CloudDatabase {

  /** The row of {@code version} with the highest id whose step is Complete, if any. */
  Optional<String> currentVersion();

  /**
   * Bytes of data and indexes of this database and its usage database ({@code cloud} and
   * {@code cloud_usage}), from information_schema: what a backup needs room for.
   */
  long dataSizeBytes();

  List<ManagementServer> managementServers();

  /** Hosts of type Routing that are not removed. */
  List<HypervisorHost> hypervisorHosts();

  /** Zone id ({@code data_center_id}) to the hypervisor types of its hosts, sorted. */
  Map<Long, Set<String>> hypervisorsInUse();

  /**
   * Download state of the 4.3 system VM templates per zone. Reads {@code template_store_ref}
   * where that table exists (4.2+), else {@code template_host_ref}.
   */
  List<TemplateDownload> systemVmTemplates();

  /** KVM local storage pools (Filesystem, not removed) whose path ends with '/'. */
  List<StoragePool> localStoragePoolsWithTrailingSlash();

  /** VMware cluster password rows and, where the table exists, vmware_data_center rows. */
  List<VmwarePasswordRow> vmwarePasswordRows();

  /** {@code integration.api.port}; empty when NULL or blank (the admin port is closed). */
  Optional<Integer> integrationApiPort();

  /** Running, not removed system VMs, by type; every type is a key, possibly with no VMs. */
  Map<SystemVmType, List<SystemVm>> runningSystemVms();

  /**
   * Strips trailing slashes from a Filesystem pool's path.
   *
   * @return false when the path was already right
   */
  boolean fixStoragePoolPath(long poolId);

  /**
   * Replaces a VMware password value with the given ciphertext.
   *
   * @param row as read by {@link #vmwarePasswordRows()}; the write happens only while the row
   *            still holds the value read (else {@link CloudDatabaseException})
   * @return false when the row already holds exactly this value
   */
  boolean setVmwarePassword(VmwarePasswordRow row, String ciphertext);

  /**
   * Sets {@code integration.api.port}; null writes NULL (closes the port after a restart).
   *
   * @return false when the value was already so
   */
  boolean setIntegrationApiPort(Integer port);
}
