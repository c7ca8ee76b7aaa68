package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudStackCipher;
import org.upgradeflow.clouddb.DatabaseBackups;
import org.upgradeflow.clouddb.VmwarePasswordEncryption;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.Secret;

/**
 * The guide's VMware step: encrypt the vCenter passwords in {@code cluster_details} and
 * {@code vmware_data_center} with the management server key, while the management servers are
 * stopped. Each row is encrypted exactly once; the key stays in memory for this call only.
 */
@Component
public class VmwareReencryption {

  private final DatabaseBackups keys;
  private final CloudDatabases databases;

  VmwareReencryption(DatabaseBackups keys, CloudDatabases databases) {
    this.keys = keys;
    this.databases = databases;
  }

  /** @return which rows were encrypted now and which already were (never their values) */
  public VmwarePasswordEncryption.Result reencrypt(Environment env, Host managementServer, String sourceVersion) {
    Secret key = keys.readManagementKey(env, managementServer, sourceVersion);
    return VmwarePasswordEncryption.encryptAll(databases.forEnvironment(env), CloudStackCipher.withKey(key));
  }
}
