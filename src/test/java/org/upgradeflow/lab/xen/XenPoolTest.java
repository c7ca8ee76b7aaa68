package org.upgradeflow.lab.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.LabSsh;

/**
 * The XenServer hotfix sections of the 3.0.x and 2.2.14 procedures against those estates'
 * pools (XenServer 6.0.2), over real SSH, with each estate's MariaDB: the pool is the cloud
 * database's XenServer cluster (host and VM uuids, which member a VM runs on), a migration
 * shows in {@code vm_instance}, and what xe says when a step is out of order, for the wrong
 * XenServer version or mistyped. The truth is read from the pool model, the rows and the journal.
 */
class XenPoolTest {

  static final String HOTFIX = "/tmp/XS602E003.xsupdate";

  @TempDir
  static Path dir;
  static LabRig rig;

  @BeforeAll
  static void start() {
    rig = LabRig.start(dir, "lab-cs-30x", "lab-cs-2214");
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.estates().forEach(LabEstate::reset);
  }

  static LabSsh ssh(String estate, String host) throws IOException {
    return new LabSsh(rig.estate(estate).environment(), host);
  }

  static String upload(LabSsh master, String file) throws IOException {
    master.write(file, "lab hotfix payload\n");
    LabSsh.Result r = master.exec("cd /tmp && xe patch-upload file-name=" + Path.of(file).getFileName());
    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    return r.out().trim();
  }

  /** VM instance name to the name of the host its {@code vm_instance} row says it runs on, XenServer cluster only. */
  static Map<String, String> xenRows(String estate) throws Exception {
    Map<String, String> rows = new LinkedHashMap<>();
    try (Connection c = rig.estate(estate).database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v.instance_name, h.name, v.uuid, h.uuid FROM vm_instance v"
            + " JOIN host h ON h.id = v.host_id WHERE h.hypervisor_type = 'XenServer' ORDER BY v.id")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {"lab-cs-30x", "lab-cs-2214"})
  void thePoolIsTheCloudDatabasesXenServerClusterAndAMigrationShowsInBoth(String id) throws Exception {
    XenPool pool = XenPool.of(rig.estate(id)).orElseThrow();
    Map<String, String> rows = xenRows(id);
    assertThat(rows).containsOnlyKeys("s-3-VM", "v-4-VM", "r-6-VM", "i-2-8-VM", "i-2-9-VM");
    try (LabSsh xen2 = ssh(id, "xen2")) {
      for (Map.Entry<String, String> row : rows.entrySet()) {
        String[] hostVmHostUuid = row.getValue().split(" ");
        // the VM's uuid and the host it runs on, as xapi shows them on any member
        assertThat(xen2.exec("xe vm-list name-label=" + row.getKey() + " --minimal").out().trim())
            .isEqualTo(hostVmHostUuid[1]);
        assertThat(xen2.exec("xe vm-list resident-on=" + hostVmHostUuid[2] + " is-control-domain=false --minimal").out())
            .contains(hostVmHostUuid[1]);
        assertThat(xen2.exec("xe host-list name-label=" + hostVmHostUuid[0] + " --minimal").out().trim())
            .isEqualTo(hostVmHostUuid[2]);
      }
      // xapi's host uuid is the installation's
      assertThat(rig.estate(id).host(rows.get("r-6-VM").split(" ")[0]).state().path("/etc/xensource-inventory"))
          .content().contains("PRODUCT_VERSION='6.0.2'", "INSTALLATION_UUID='" + rows.get("r-6-VM").split(" ")[2] + "'");

      // a migration on a slave is forwarded to the master, journaled where it ran, and shows in vm_instance
      assertThat(xen2.exec("xe vm-migrate live=true host=xen3 vm=r-6-VM").exitCode()).isZero();
    }
    assertThat(pool.residentGuests("xen3")).containsExactly("r-6-VM", "i-2-9-VM");
    assertThat(xenRows(id).get("r-6-VM")).startsWith("xen3 ");
    assertThat(rig.estate(id).host("xen2").state().journal().commands())
        .containsExactly("xe vm-migrate live=true host=xen3 vm=r-6-VM");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> hosts = (List<Map<String, Object>>) ((Map<String, Object>) rig.estate(id).truth()
        .get("xenPool")).get("hosts");
    assertThat(hosts).filteredOn(h -> h.get("name").equals("xen3")).singleElement()
        .satisfies(h -> assertThat(h.get("residentVms")).asList().contains("r-6-VM"));

    rig.estate(id).reset();
    assertThat(xenRows(id)).isEqualTo(rows);
    assertThat(pool.residentGuests("xen1")).containsExactly("s-3-VM", "v-4-VM", "r-6-VM");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lab-cs-30x", "lab-cs-2214"})
  void theHotfixSectionOnTheMasterThenASlave(String id) throws Exception {
    LabEstate estate = rig.estate(id);
    XenPool pool = XenPool.of(estate).orElseThrow();
    try (LabSsh master = ssh(id, "xen1"); LabSsh xen2 = ssh(id, "xen2")) {
      assertThat(master.exec("/opt/xensource/bin/cloud-clean-vlan.sh").exitCode()).isZero();
      // user VMs are HVM: no live migration before the prepare script fakes their PV drivers
      LabSsh.Result hvm = xen2.exec("xe vm-migrate live=true host=xen3 vm=i-2-8-VM");
      assertThat(hvm.exitCode()).isEqualTo(1);
      assertThat(hvm.err()).startsWith("You attempted an operation on a VM which requires PV drivers to be installed"
          + " but the drivers were not detected.\nvm: ");
      LabSsh.Result prepared = master.exec("/opt/xensource/bin/cloud-prepare-upgrade.sh");
      assertThat(prepared.exitCode()).isZero();

      String patch = upload(master, HOTFIX);
      assertThat(patch).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(xen2.exec("cd /tmp && xe patch-upload file-name=XS602E003.xsupdate").err())
          .startsWith("You cannot make regular API calls directly on a slave.");

      // the master: migrate its guests away, apply, reboot, setup, plug the storage back
      String xen1Uuid = master.exec("xe host-list name-label=xen1 --minimal").out().trim();
      String apply = "xe patch-apply host-uuid=" + xen1Uuid + " uuid=" + patch;
      assertThat(master.exec(apply).err()).isEqualTo("The patch precheck stage failed: there are one or more VMs"
          + " still running on the server.  All VMs must be suspended before the patch can be applied.\n"
          + "patch: " + patch + " (XS602E003)\n");
      for (String vm : List.of("s-3-VM", "v-4-VM", "r-6-VM")) {
        assertThat(master.exec("xe vm-migrate live=true host=xen2 vm=" + vm).exitCode()).isZero();
      }
      assertThat(master.exec(apply)).isEqualTo(new LabSsh.Result(0, "", ""));
      assertThat(pool.rebootRequired("xen1")).isTrue();
      assertThat(master.exec("xe patch-list name-label=XS602E003").out())
          .contains("                   hosts (SRO): " + xen1Uuid + "\n");
    }
    LabHost xen1 = estate.host("xen1");
    xen1.reboot(Duration.ofMillis(10));
    await().atMost(Duration.ofSeconds(30)).until(() -> xen1.isUp() && !pool.rebootRequired("xen1"));
    assertThat(pool.storageAttached("xen1")).isFalse();
    try (LabSsh master = ssh(id, "xen1")) {
      String unplugged = master.exec("xe pbd-list currently-attached=false --minimal").out().trim();
      assertThat(unplugged.split(",")).hasSize(1);
      assertThat(master.exec("xe pbd-list uuid=" + unplugged).out()).contains(
          "device-config (MRO): " + XenPool.PRIMARY_STORAGE + "\n", "currently-attached ( RO): false\n");
      assertThat(master.exec("xe pbd-plug uuid=" + unplugged).exitCode()).isZero();
      assertThat(master.exec("xe pbd-list currently-attached=false --minimal").out()).isEqualTo("\n");
    }
    assertThat(pool.storageAttached("xen1")).isTrue();

    // a slave: evacuate (the guests go to the members with fewest), then apply from the slave itself
    try (LabSsh xen2 = ssh(id, "xen2")) {
      String xen2Uuid = xen2.exec("xe host-list name-label=xen2 --minimal").out().trim();
      assertThat(xen2.exec("xe host-evacuate uuid=" + xen2Uuid).exitCode()).isZero();
      assertThat(pool.residentGuests("xen2")).isEmpty();
      assertThat(pool.residentGuests("xen1").size() + pool.residentGuests("xen3").size()).isEqualTo(5);
      String patch = xen2.exec("xe patch-list name-label=XS602E003 --minimal").out().trim();
      assertThat(xen2.exec("xe patch-apply host-uuid=" + xen2Uuid + " uuid=" + patch).exitCode()).isZero();
    }
    assertThat(pool.appliedPatches("xen1")).containsExactly("XS602E003");
    assertThat(pool.appliedPatches("xen2")).containsExactly("XS602E003");
    assertThat(pool.appliedPatches("xen3")).isEmpty();
    assertThat(estate.host("xen1").state().journal().commands()).startsWith(
        "/opt/xensource/bin/cloud-clean-vlan.sh", "/opt/xensource/bin/cloud-prepare-upgrade.sh", "sftp write " + HOTFIX,
        "cd /tmp && xe patch-upload file-name=XS602E003.xsupdate");
    assertThat(estate.host("xen1").state().journal().entries()).extracting(e -> e.exitCode())
        .containsExactly(0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
    // the evacuation moved the rows too
    assertThat(xenRows(id).values()).noneMatch(v -> v.startsWith("xen2 "));
  }

  @Test
  void aHotfixForAnotherXenServerVersionUploadsButFailsItsPrecheck() throws Exception {
    XenPool pool = XenPool.of(rig.estate("lab-cs-30x")).orElseThrow();
    try (LabSsh master = ssh("lab-cs-30x", "xen1")) {
      // xapi reads the version a hotfix is for at upload and checks it in the apply's precheck
      String patch = upload(master, "/tmp/XS62E004.xsupdate");
      LabSsh.Result pooled = master.exec("xe patch-pool-apply uuid=" + patch);
      assertThat(pooled.exitCode()).isEqualTo(1);
      assertThat(pooled.err()).isEqualTo("The patch precheck stage failed: the server is of an incorrect version.\n"
          + "patch: " + patch + " (XS62E004)\n" + "found_version: 6.0.2\n" + "required_version: ^6\\.2\\.0$\n");
      assertThat(pool.appliedPatches("xen1")).isEmpty();

      // the right one: pool apply goes member by member, master first, and stops at the first with guests
      String right = upload(master, HOTFIX);
      assertThat(master.exec("xe patch-pool-apply uuid=" + right).err()).startsWith("The patch precheck stage failed:"
          + " there are one or more VMs still running");
      assertThat(master.exec("/opt/xensource/bin/cloud-prepare-upgrade.sh").exitCode()).isZero();
      assertThat(master.exec("xe host-evacuate uuid=" + pool.hosts.get(0).uuid()).exitCode()).isZero();
      LabSsh.Result partly = master.exec("xe patch-pool-apply uuid=" + right);
      assertThat(partly.exitCode()).isEqualTo(1);
      assertThat(partly.err()).startsWith("The patch precheck stage failed: there are one or more VMs still running");
      assertThat(pool.appliedPatches("xen1")).containsExactly("XS602E003");
      assertThat(pool.appliedPatches("xen2")).isEmpty();
      LabSsh.Result notAHotfix = master.exec("echo x > /tmp/readme.txt && xe patch-upload file-name=/tmp/readme.txt");
      assertThat(notAHotfix).isEqualTo(new LabSsh.Result(1, "", "The uploaded patch file is invalid\n"));
    }
  }

  @Test
  void xeRefusesWhatTheRealOneRefuses() throws Exception {
    XenPool pool = XenPool.of(rig.estate("lab-cs-30x")).orElseThrow();
    try (LabSsh master = ssh("lab-cs-30x", "xen1"); LabSsh slave = ssh("lab-cs-30x", "xen3")) {
      slave.write(HOTFIX, "x");
      LabSsh.Result onSlave = slave.exec("xe patch-upload file-name=" + HOTFIX);
      assertThat(onSlave.exitCode()).isEqualTo(1);
      assertThat(onSlave.err()).isEqualTo("You cannot make regular API calls directly on a slave."
          + " Please pass API calls via the master host.\nMaster IP address: xen1\n");

      LabSsh.Result unknown = master.exec("xe patch-frobnicate uuid=1");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).isEqualTo("Unknown command: patch-frobnicate\nFor usage run: 'xe help'\n");
      assertThat(master.exec("xe patch-apply uuid=abc").err())
          .isEqualTo("Required parameter not found: host-uuid\nFor usage run: 'xe help'\n");
      assertThat(master.exec("xe patch-upload").err())
          .isEqualTo("Required parameter not found: file-name\nFor usage run: 'xe help'\n");
      assertThat(master.exec("xe patch-upload file-name=/tmp/missing.xsupdate").exitCode()).isEqualTo(1);
      assertThat(master.exec("xe patch-apply host-uuid=nope uuid=nope").err())
          .isEqualTo("The uuid you supplied was invalid.\ntype: pool_patch\nuuid: nope\n");
      String patch = upload(master, HOTFIX);
      assertThat(master.exec("xe patch-apply host-uuid=nope uuid=" + patch).err())
          .isEqualTo("The uuid you supplied was invalid.\ntype: host\nuuid: nope\n");
      LabSsh.Result again = master.exec("cd /tmp && xe patch-upload file-name=XS602E003.xsupdate");
      assertThat(again.err()).isEqualTo("The uploaded patch file already exists\nuuid: " + patch + "\n");
      assertThat(master.exec("xe vm-migrate live=true host=xen2 vm=no-such-VM").err()).endsWith(
          "message: Failure: No matching VMs found\n");
      assertThat(master.exec("xe vm-migrate live=true host=xen9 vm=r-6-VM").err()).endsWith(
          "message: Failure: Host xen9 not found\n");
      assertThat(master.exec("xe vm-migrate live=true vm=r-6-VM").err())
          .isEqualTo("Required parameter not found: host\nFor usage run: 'xe help'\n");
      assertThat(master.exec("xe host-evacuate uuid=nope").err())
          .isEqualTo("The uuid you supplied was invalid.\ntype: host\nuuid: nope\n");
      assertThat(master.exec("xe pbd-plug uuid=nope").err())
          .isEqualTo("The uuid you supplied was invalid.\ntype: PBD\nuuid: nope\n");
      assertThat(master.exec("xe pbd-unplug").err())
          .isEqualTo("Required parameter not found: uuid\nFor usage run: 'xe help'\n");
      assertThat(master.exec("xe vm-list colour=red").err())
          .isEqualTo("Error code: Missing parameter\nError parameters: colour\n");
      assertThat(master.exec("xe").exitCode()).isEqualTo(1);

      // a CD that cannot be ejected stops the prepare script
      pool.stickCd("i-2-8-VM");
      LabSsh.Result stuck = master.exec("/opt/xensource/bin/cloud-prepare-upgrade.sh");
      assertThat(stuck.exitCode()).isEqualTo(1);
      assertThat(stuck.err()).startsWith("can't eject CD for vm ");
    }
  }

  @Test
  void resetForgetsPatchesPlugsTheStorageAndPutsTheGuestsBack() throws Exception {
    LabEstate estate = rig.estate("lab-cs-30x");
    Map<String, Object> before = estate.truth();
    XenPool pool = XenPool.of(estate).orElseThrow();
    try (LabSsh master = ssh("lab-cs-30x", "xen1")) {
      String patch = upload(master, HOTFIX);
      master.exec("xe host-evacuate uuid=" + pool.hosts.get(0).uuid());
      master.exec("xe patch-apply host-uuid=" + pool.hosts.get(0).uuid() + " uuid=" + patch);
      master.exec("xe pbd-unplug uuid=" + master.exec("xe pbd-list host-uuid=" + pool.hosts.get(1).uuid()
          + " --minimal").out().trim().split(",")[1]);
    }
    assertThat(pool.appliedPatches("xen1")).containsExactly("XS602E003");
    assertThat(pool.storageAttached("xen2")).isFalse();
    estate.reset();
    assertThat(estate.truth()).isEqualTo(before);
    assertThat(pool.appliedPatches("xen1")).isEmpty();
    assertThat(pool.rebootRequired("xen1")).isFalse();
    assertThat(pool.storageAttached("xen2")).isTrue();
    assertThat(pool.residentGuests("xen1")).containsExactly("s-3-VM", "v-4-VM", "r-6-VM");
    try (LabSsh master = ssh("lab-cs-30x", "xen1")) {
      assertThat(master.exec("xe patch-list").out()).isEmpty();
    }
  }
}
