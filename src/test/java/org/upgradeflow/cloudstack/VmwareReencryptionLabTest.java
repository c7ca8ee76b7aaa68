package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.clouddb.CloudStackCipher;
import org.upgradeflow.clouddb.DatabaseBackups;
import org.upgradeflow.clouddb.ManagementServerKey;
import org.upgradeflow.clouddb.VmwarePasswordEncryption;
import org.upgradeflow.clouddb.VmwarePasswordRow;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.lab.estate.EstateHosts;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.testing.LabRig;

/** The VMware step on a lab estate: key read over SFTP, rows on a real MariaDB, exactly once. */
class VmwareReencryptionLabTest {

  @TempDir
  static Path dir;
  static LabRig rig;
  static SshjRemoteShell shell;
  static LabEstate estate;

  @BeforeAll
  static void start() {
    rig = LabRig.start(dir, "lab-cs-42x");
    estate = rig.estate("lab-cs-42x");
    shell = new SshjRemoteShell(new SshProperties(null, null, null, dir.resolve("step-logs"), null, null, null));
  }

  @AfterAll
  static void stop() {
    shell.close();
    rig.close();
  }

  @Test
  void encryptsEveryVmwarePasswordOnceWithTheManagementKey() {
    Environment env = estate.environment();
    Host ms1 = env.host("ms1").orElseThrow();
    CloudDatabases databases = new CloudDatabases(CloudDbProperties.defaults());
    VmwareReencryption step = new VmwareReencryption(
        new DatabaseBackups(shell, CloudDbProperties.defaults()), databases);

    VmwarePasswordEncryption.Result first = step.reencrypt(env, ms1, "4.2.1");
    CloudDatabase db = databases.forEnvironment(env);
    List<String> afterFirst = db.vmwarePasswordRows().stream().map(r -> r.value().reveal()).toList();
    VmwarePasswordEncryption.Result second = step.reencrypt(env, ms1, "4.2.1");

    assertThat(first.encrypted()).isNotEmpty();
    assertThat(second.encrypted()).isEmpty();
    assertThat(second.alreadyEncrypted()).hasSameSizeAs(first.encrypted());
    assertThat(db.vmwarePasswordRows().stream().map(r -> r.value().reveal()).toList()).isEqualTo(afterFirst);

    String key = shell.readFile(RemoteTarget.of(env, "ms1"), "/etc/cloudstack/management/key").lines().findFirst()
        .orElseThrow();
    CloudStackCipher cipher = CloudStackCipher.withKey(Secret.of(key));
    for (VmwarePasswordRow row : db.vmwarePasswordRows()) {
      assertThat(cipher.decrypt(row.value().reveal()).reveal()).isEqualTo(EstateHosts.vcenterPassword("lab-cs-42x"));
    }
    assertThat(first.toString()).doesNotContain(EstateHosts.vcenterPassword("lab-cs-42x"), key);
  }

  @Test
  void aFourZeroKeyIsFoundWhereTheUpgradedPackagesPutIt() throws Exception {
    Environment env = estate.environment();
    Host ms1 = env.host("ms1").orElseThrow();
    DatabaseBackups keys = new DatabaseBackups(shell, CloudDbProperties.defaults());
    Path legacy = estate.host("ms1").state().path(ManagementServerKey.LEGACY_PATH);
    Path rpmsave = estate.host("ms1").state().path(ManagementServerKey.RPMSAVE_PATH);
    String current = Files.readString(estate.host("ms1").state().path(ManagementServerKey.PATH)).lines().findFirst()
        .orElseThrow();
    assertThat(legacy).doesNotExist();
    try {
      // the 4.1+ RPMs moved /etc/cloud to /etc/cloud.rpmsave: the key there is the source's key
      Files.createDirectories(rpmsave.getParent());
      Files.writeString(rpmsave, "rpmsave-key\n");
      assertThat(keys.readManagementKey(env, ms1, "4.0.2").reveal()).isEqualTo("rpmsave-key");
      // /etc/cloud still in place (deb packages): it comes first
      Files.createDirectories(legacy.getParent());
      Files.writeString(legacy, "legacy-key\n");
      assertThat(keys.readManagementKey(env, ms1, "4.0.2").reveal()).isEqualTo("legacy-key");
      // only the copy the new packages made
      Files.delete(legacy);
      Files.delete(rpmsave);
      assertThat(keys.readManagementKey(env, ms1, "4.0.2").reveal()).isEqualTo(current);
      // a 4.x source reads only its own path
      Files.writeString(estate.host("ms1").state().path(ManagementServerKey.PATH), "");
      assertThatThrownBy(() -> keys.readManagementKey(env, ms1, "4.2.1"))
          .hasMessageContaining(ManagementServerKey.PATH).hasMessageContaining("empty");
    } finally {
      estate.reset();
    }
  }
}
