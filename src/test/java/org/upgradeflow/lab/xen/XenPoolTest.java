package org.upgradeflow.lab.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.LabEstates;
import org.upgradeflow.lab.estate.LabProperties;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostFleet;
import org.upgradeflow.testing.LabSsh;

/**
 * The XenServer hotfix steps of the 3.0.x procedure against the 3.0.x estate's pool, over real
 * SSH: upload on the master, list, migrate the guests off a host, apply, and what xe says when
 * a step is out of order or mistyped. The truth is read from the pool model and the journal.
 */
class XenPoolTest {

  static final String HOTFIX = "/tmp/XS602E003.xsupdate";

  @TempDir
  static Path labDir;
  static LabHostFleet fleet;
  static LabEstates estates;

  @BeforeAll
  static void start() {
    fleet = new LabHostFleet(labDir);
    estates = new LabEstates(fleet, LabProperties.defaults(labDir).withEstates(List.of("lab-cs-30x"))
        .withDatabase("none").withTimeScale(0.002), null);
    estates.startConfigured();
  }

  @AfterAll
  static void stop() {
    estates.close();
    fleet.close();
  }

  @BeforeEach
  void reset() {
    estate().reset();
  }

  static LabEstate estate() {
    return estates.find("lab-cs-30x").orElseThrow();
  }

  static LabSsh ssh(String host) throws IOException {
    return new LabSsh(estate().environment(), host);
  }

  static String uploaded(LabSsh master) throws IOException {
    master.write(HOTFIX, "lab hotfix payload\n");
    LabSsh.Result r = master.exec("cd /tmp && xe patch-upload file-name=XS602E003.xsupdate");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    return r.out().trim();
  }

  @Test
  void hotfixOnASlaveAfterItsGuestsMovedAway() throws Exception {
    XenPool pool = XenPool.of(estate()).orElseThrow();
    try (LabSsh master = ssh("xen1"); LabSsh xen2 = ssh("xen2")) {
      String patch = uploaded(master);
      assertThat(patch).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

      // the pool's database answers on every member
      String xen2Uuid = xen2.exec("xe host-list name-label=xen2 --minimal").out().trim();
      LabSsh.Result hosts = xen2.exec("xe host-list");
      assertThat(hosts.out()).contains("uuid ( RO)                : " + xen2Uuid + "\n"
          + "          name-label ( RW): xen2\n"
          + "    name-description ( RW): Default install of XenServer\n\n\n");
      assertThat(hosts.out().split("uuid \\( RO\\)", -1)).hasSize(4);
      assertThat(xen2.exec("xe patch-list").out()).isEqualTo(
          "uuid ( RO)                    : " + patch + "\n"
              + "              name-label ( RO): XS602E003\n"
              + "        name-description ( RO): Public Availability: hotfix XS602E003\n"
              + "                    size ( RO): 19\n"
              + "                   hosts (SRO): \n"
              + "    after-apply-guidance (SRO): restartHost\n\n\n");

      String apply = "xe patch-apply host-uuid=" + xen2Uuid + " uuid=" + patch;
      LabSsh.Result running = master.exec(apply);
      assertThat(running.exitCode()).isEqualTo(1);
      assertThat(running.err()).isEqualTo("The patch precheck stage failed: there are one or more VMs still running"
          + " on the server.  All VMs must be suspended before the patch can be applied.\n"
          + "patch: " + patch + " (XS602E003)\n");

      String guests = master.exec("xe vm-list resident-on=" + xen2Uuid + " is-control-domain=false --minimal").out();
      assertThat(guests.trim().split(",")).hasSize(2);
      assertThat(master.exec("xe vm-list resident-on=" + xen2Uuid).out())
          .contains("name-label ( RW): Control domain on host: xen2", "r-5-VM", "i-2-10-VM");
      assertThat(master.exec("xe vm-migrate live=true host=xen3 vm=r-5-VM").exitCode()).isZero();
      assertThat(master.exec("xe vm-migrate live=true host=xen1 vm=i-2-10-VM").exitCode()).isZero();
      assertThat(pool.residentGuests("xen2")).isEmpty();
      assertThat(pool.residentGuests("xen3")).containsExactly("r-5-VM", "r-6-VM", "i-2-11-VM");

      LabSsh.Result applied = master.exec(apply);
      assertThat(applied.exitCode()).isZero();
      assertThat(applied.out() + applied.err()).isEmpty();
      assertThat(master.exec("xe patch-list name-label=XS602E003").out())
          .contains("                   hosts (SRO): " + xen2Uuid + "\n");
      assertThat(pool.appliedPatches("xen2")).containsExactly("XS602E003");
      assertThat(pool.appliedPatches("xen1")).isEmpty();
      assertThat(pool.rebootRequired("xen2")).isTrue();
      assertThat(master.exec(apply).err()).isEqualTo("This patch has already been applied\n"
          + "patch: " + patch + " (XS602E003)\n");
    }
    String apply = "xe patch-apply host-uuid=" + pool.hosts.get(1).uuid() + " uuid=" + pool.patches.keySet().iterator().next();
    assertThat(estate().host("xen1").state().journal().commands()).containsExactly(
        "sftp write " + HOTFIX, "cd /tmp && xe patch-upload file-name=XS602E003.xsupdate", apply,
        "xe vm-migrate live=true host=xen3 vm=r-5-VM", "xe vm-migrate live=true host=xen1 vm=i-2-10-VM", apply, apply);
    assertThat(estate().host("xen1").state().journal().entries()).extracting(e -> e.exitCode())
        .containsExactly(0, 0, 1, 0, 0, 0, 1);
    assertThat(estate().host("xen2").state().journal().commands()).isEmpty();

    @SuppressWarnings("unchecked")
    Map<String, Object> truth = (Map<String, Object>) estate().truth().get("xenPool");
    assertThat(truth.get("patches").toString()).contains("XS602E003", "appliedOn=[xen2]");

    // the reboot the hotfix asks for
    LabHost xen2 = estate().host("xen2");
    xen2.reboot(Duration.ofMillis(10));
    await().atMost(Duration.ofSeconds(30)).until(() -> xen2.isUp() && !pool.rebootRequired("xen2"));
  }

  @Test
  void xeRefusesWhatTheRealOneRefuses() throws Exception {
    try (LabSsh master = ssh("xen1"); LabSsh slave = ssh("xen3")) {
      slave.write(HOTFIX, "x");
      LabSsh.Result onSlave = slave.exec("xe patch-upload file-name=" + HOTFIX);
      assertThat(onSlave.exitCode()).isEqualTo(1);
      assertThat(onSlave.err()).isEqualTo("You cannot make regular API calls directly on a slave."
          + " Please pass API calls via the master host.\nMaster IP address: xen1\n");
      assertThat(slave.exec("xe vm-migrate live=true host=xen1 vm=r-6-VM").err()).startsWith("You cannot make");

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
      String patch = uploaded(master);
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
      assertThat(master.exec("xe vm-list colour=red").err())
          .isEqualTo("Error code: Missing parameter\nError parameters: colour\n");
      assertThat(master.exec("xe").exitCode()).isEqualTo(1);
    }
  }

  @Test
  void resetForgetsPatchesAndPutsTheGuestsBack() throws Exception {
    Map<String, Object> before = estate().truth();
    XenPool pool = XenPool.of(estate()).orElseThrow();
    try (LabSsh master = ssh("xen1")) {
      uploaded(master);
      master.exec("xe vm-migrate live=true host=xen3 vm=s-1-VM");
      master.exec("xe vm-migrate live=true host=xen3 vm=v-2-VM");
      master.exec("xe patch-apply host-uuid=" + pool.hosts.get(0).uuid() + " uuid="
          + pool.patches.keySet().iterator().next());
    }
    assertThat(pool.appliedPatches("xen1")).containsExactly("XS602E003");
    estate().reset();
    assertThat(estate().truth()).isEqualTo(before);
    assertThat(pool.appliedPatches("xen1")).isEmpty();
    assertThat(pool.rebootRequired("xen1")).isFalse();
    assertThat(pool.residentGuests("xen1")).containsExactly("s-1-VM", "v-2-VM");
    try (LabSsh master = ssh("xen1")) {
      assertThat(master.exec("xe patch-list").out()).isEmpty();
    }
  }
}
