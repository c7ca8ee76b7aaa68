package org.upgradeflow.lab.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.clouddb.HypervisorHost;
import org.upgradeflow.clouddb.SystemVmTemplate;
import org.upgradeflow.clouddb.SystemVmType;
import org.upgradeflow.clouddb.TemplateDownload;
import org.upgradeflow.clouddb.VmwarePasswordRow;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Product;
import org.upgradeflow.lab.estate.EstateDefinition;
import org.upgradeflow.lab.estate.EstateHosts;

/**
 * The lab's cloud database for every CloudStack release on a real MariaDB, read through
 * UpgradeFlow's own adapter ({@link CloudDatabases#forEnvironment}) as user {@code cloud}.
 * One server; each release is loaded into it in turn (the adapter always opens {@code cloud}).
 */
class LabCloudDatabaseTest {

  static LabDatabaseServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new MariaDb4jLabDatabaseServers().start("lab-db-test", Path.of("target", "lab-mariadb"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static CloudDatabase adapter(LabCloudDatabase db, String id) {
    Environment env = new Environment(id, Product.CLOUDSTACK, "", null, null, db.endpoint(), List.of(),
        List.of(), List.of(), List.of(), null, null, false);
    return new CloudDatabases(CloudDbProperties.defaults()).forEnvironment(env);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lab-cs-431", "lab-cs-430", "lab-cs-42x", "lab-cs-41x", "lab-cs-40x", "lab-cs-30x", "lab-cs-2214"})
  void theAdapterReadsTheRowsOfTheRelease(String id) {
    EstateDefinition def = EstateDefinition.of(id);
    LabCloudDatabase db = LabCloudDatabase.on(server, def, 2);
    CloudDatabase cloud = adapter(db, id);

    assertThat(cloud.currentVersion()).contains(def.release());
    assertThat(db.currentVersion()).contains(def.release());
    assertThat(cloud.managementServers()).hasSize(2).allSatisfy(m -> {
      assertThat(m.state()).isEqualTo("Up");
      assertThat(m.version()).isEqualTo(def.release());
    });
    assertThat(cloud.hypervisorHosts()).extracting(HypervisorHost::hypervisorType)
        .containsOnly("KVM", "XenServer", "VMware").hasSize(4 + 3 + 1);
    assertThat(cloud.hypervisorsInUse()).containsOnlyKeys(1L, 2L);
    assertThat(cloud.localStoragePoolsWithTrailingSlash()).singleElement()
        .satisfies(p -> assertThat(p.path()).isEqualTo("/var/lib/libvirt/images/"));
    assertThat(cloud.integrationApiPort()).isEmpty();
    assertThat(cloud.runningSystemVms().get(SystemVmType.SecondaryStorageVm)).hasSize(2);
    assertThat(cloud.runningSystemVms().get(SystemVmType.ConsoleProxy)).hasSize(2);
    assertThat(cloud.runningSystemVms().get(SystemVmType.DomainRouter)).hasSize(2);

    List<VmwarePasswordRow> passwords = cloud.vmwarePasswordRows();
    assertThat(passwords).extracting(r -> r.value().reveal()).containsOnly(EstateHosts.vcenterPassword(id));
    assertThat(passwords).hasSize(def.release().compareTo("4.2") >= 0 ? 2 : 1);

    List<TemplateDownload> templates = cloud.systemVmTemplates();
    boolean is43 = def.release().startsWith("4.3");
    assertThat(templates).filteredOn(t -> t.template() == SystemVmTemplate.KVM).singleElement()
        .satisfies(t -> assertThat(t.ready()).isTrue());
    assertThat(templates).filteredOn(t -> t.template() == SystemVmTemplate.XENSERVER).singleElement()
        .satisfies(t -> assertThat(t.ready()).isEqualTo(is43));
    assertThat(templates).filteredOn(t -> t.template() == SystemVmTemplate.VMWARE).hasSize(is43 ? 1 : 0);
  }

  @Test
  void resetRestoresTheInitialRows() {
    LabCloudDatabase db = LabCloudDatabase.on(server, EstateDefinition.of("lab-cs-42x"), 1);
    CloudDatabase cloud = adapter(db, "lab-cs-42x");
    long pool = cloud.localStoragePoolsWithTrailingSlash().get(0).id();
    assertThat(cloud.fixStoragePoolPath(pool)).isTrue();
    assertThat(cloud.setIntegrationApiPort(8096)).isTrue();
    assertThat(cloud.localStoragePoolsWithTrailingSlash()).isEmpty();

    db.reset();

    assertThat(cloud.localStoragePoolsWithTrailingSlash()).hasSize(1);
    assertThat(cloud.integrationApiPort()).isEmpty();
  }
}
