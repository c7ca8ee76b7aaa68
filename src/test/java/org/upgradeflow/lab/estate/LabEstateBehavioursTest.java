package org.upgradeflow.lab.estate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upgradeflow.lab.behaviour.Releases;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.LabSsh;

/**
 * The "Done when", per CloudStack estate, over real SSH (sshj) against each estate's own
 * MariaDB: the repository rule, sysvmadm refusing {@code -c} and failing without port 8096,
 * the first management server start after the package upgrade (the database upgrade, and its
 * failure while a 4.3 template is not READY on releases before 4.3), the 4.3 agent's property
 * checks, a reboot taking a host away and back, a {@code mysqldump} on the database host that
 * restores to the same rows, and a reset that brings back the initial versions, files, rows and
 * an empty journal. The Usage Meter estates' prompts and reboots are in UsageMeterApplianceTest.
 */
class LabEstateBehavioursTest {

  static final Duration SAFETY = Duration.ofSeconds(90);
  static final String RESOURCE = "resource=com.cloud.hypervisor.kvm.resource.LibvirtComputingResource";
  static final String PATHS_SCRIPT = "paths.script=/usr/share/cloudstack-common";

  @TempDir
  static Path dir;
  static LabRig rig;

  @BeforeAll
  static void start() {
    rig = LabRig.start(dir, "lab-cs-431", "lab-cs-430", "lab-cs-42x", "lab-cs-41x", "lab-cs-40x", "lab-cs-30x",
        "lab-cs-2214");
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lab-cs-431", "lab-cs-430", "lab-cs-42x", "lab-cs-41x", "lab-cs-40x", "lab-cs-30x", "lab-cs-2214"})
  void theDoneWhenBehavioursAndTheResetAfterThem(String id) throws Exception {
    LabEstate estate = rig.estate(id);
    estate.reset();
    Map<String, Object> truthBefore = estate.truth();
    Map<String, Map<String, String>> filesBefore = LabRig.files(estate);
    Map<String, List<String>> rowsBefore = rows(estate);
    String release = estate.definition().release();
    boolean newNames = Releases.compare(release, "4.1") >= 0;
    String pkg = newNames ? "cloudstack-management" : "cloud-client";
    String service = newNames ? "cloudstack-management" : "cloud-management";
    CloudStackLab lab = CloudStackLab.of(estate).orElseThrow();

    try (LabSsh ms1 = new LabSsh(estate.environment(), "ms1")) {
      // the repository rule: the host's repository file still names its own release, so nothing to upgrade
      LabSsh.Result nothing = ms1.exec("yum -y update " + pkg);
      assertThat(nothing.exitCode()).isZero();
      assertThat(nothing.out()).contains("No Packages marked for Update");
      assertThat(estate.host("ms1").state().packages()).containsEntry(pkg, release);

      // sysvmadm: -c is no option, and with integration.api.port closed every VM fails
      String sysvmadm = newNames ? "cloudstack-sysvmadm" : "cloud-sysvmadm";
      LabSsh.Result minusC = ms1.exec(sysvmadm + " -c -r");
      assertThat(minusC.err()).isEqualTo(sysvmadm + ": illegal option -- c\n");
      assertThat(minusC.out()).startsWith("Stopping and starting 2 running routing vm(s)... \n")
          .contains("ERROR: Failed to restart domainRouter with id 5 ");
      assertThat(lab.restarts()).isEmpty();

      // the package upgrade, then the first start upgrades the database
      assertThat(ms1.exec("service " + service + " stop").exitCode()).isZero();
      String repo = ms1.read("/etc/yum.repos.d/cloudstack.repo");
      ms1.write("/etc/yum.repos.d/cloudstack.repo", repo.replace("/rhel/" + estate.definition().repositoryVersion() + "/",
          "/rhel/4.3/"));
      LabSsh.Result upgraded = ms1.exec("yum -y update " + pkg);
      assertThat(upgraded.exitCode()).as(upgraded.out() + upgraded.err()).isZero();
      assertThat(estate.host("ms1").state().packages()).containsEntry("cloudstack-management", "4.3.2");
      LabHostState ms1State = estate.host("ms1").state();
      Path log = ms1State.path("/var/log/cloudstack/management/management-server.log");
      if (Releases.compare(release, "4.3") < 0) {
        // the XenServer 4.3 template is still downloading: Upgrade421to430 stops
        assertThat(ms1.exec("service cloudstack-management start").exitCode()).isZero();
        await().atMost(SAFETY).until(() -> Files.exists(log) && Files.readString(log).contains("Unable to upgrade the database"));
        await().atMost(SAFETY).until(() -> !lab.upgradeRunning());
        assertThat(Files.readString(log)).contains("SystemVm template not found. Cannot upgrade system Vms");
        // each hop commits on its own: the hops before 4.3.0 are done, the one into 4.3.0 is not
        String lastDone = Releases.compare(release, "4.2.1") < 0 ? "4.2.1" : release;
        assertThat(estate.database().orElseThrow().currentVersion()).contains(lastDone);
        // the template gate's intent: every hypervisor's 4.3 template READY
        lab.setTemplateDownload("XenServer", "DOWNLOADED", 100);
        lab.registerVmwareTemplate();
      }
      assertThat(ms1.exec("service cloudstack-management start").exitCode()).isZero();
      await().atMost(SAFETY).until(() -> estate.database().orElseThrow().currentVersion().orElse("").equals("4.3.2"));
      await().atMost(SAFETY).until(() -> !lab.upgradeRunning());
      assertThat(Files.readString(log)).contains("Database upgrade must be performed from ", " to 4.3.2",
          "Upgrade completed for version 4.3.2");
    }

    // the 4.3 agent's start checks (Ubuntu: the conffile questions answered by --force-confold)
    try (LabSsh kvm = new LabSsh(estate.environment(), "kvm-ubuntu-1")) {
      kvm.write("/etc/apt/sources.list.d/cloudstack.list", "deb http://cloudstack.lab/ubuntu precise 4.3\n");
      assertThat(kvm.exec("apt-get update").exitCode()).isZero();
      LabSsh.Result agent = kvm.exec("apt-get -y -o Dpkg::Options::=--force-confold install cloudstack-agent");
      assertThat(agent.exitCode()).as(agent.out() + agent.err()).isZero();
      kvm.exec(newNames ? "service cloudstack-agent stop" : "service cloud-agent stop");
      String props = kvm.read("/etc/cloudstack/agent/agent.properties");
      String withoutResource = String.join("\n", props.lines().filter(l -> !l.startsWith("resource=")).toList()) + "\n";
      kvm.write("/etc/cloudstack/agent/agent.properties", withoutResource);
      kvm.write("/etc/cloudstack/agent/environment.properties", PATHS_SCRIPT + "\n");
      assertThat(kvm.exec("service cloudstack-agent start").exitCode()).isEqualTo(1);
      kvm.write("/etc/cloudstack/agent/agent.properties", withoutResource + RESOURCE + "\n");
      kvm.write("/etc/cloudstack/agent/environment.properties", "paths.script=/usr/lib64/cloud/common\n");
      assertThat(kvm.exec("service cloudstack-agent start").exitCode()).isEqualTo(1);
      kvm.write("/etc/cloudstack/agent/environment.properties", PATHS_SCRIPT + "\n");
      assertThat(kvm.exec("service cloudstack-agent start").exitCode()).isZero();
    }
    assertThat(Files.readString(estate.host("kvm-ubuntu-1").state().path("/var/log/cloudstack/agent/agent.log")))
        .contains("LibvirtComputingResource", "paths.script");

    // a reboot takes the host away and brings it back with a new boot id
    LabHost rhel = estate.host("kvm-rhel-1");
    String boot = rhel.state().bootId();
    try (LabSsh kvm = new LabSsh(estate.environment(), "kvm-rhel-1")) {
      kvm.exec("reboot");
    } catch (IOException dropped) {
      // the session may end before the exit status arrives, as on a real host
    }
    await().atMost(SAFETY).until(() -> rhel.isUp() && !rhel.state().bootId().equals(boot));

    // a dump on the database host restores to the same rows
    String password = estate.environment().database().password().reveal();
    Map<String, List<String>> upgradedRows = rows(estate);
    try (LabSsh db1 = new LabSsh(estate.environment(), "db1")) {
      LabSsh.Result dump = db1.exec("mysqldump -u cloud -p'" + password + "' cloud > /root/cloud.sql");
      assertThat(dump.exitCode()).as(dump.err()).isZero();
      assertThat(db1.exec("tail -c 200 /root/cloud.sql").out()).contains("-- Dump completed");
      sql(estate, "UPDATE configuration SET value = '8096' WHERE name = 'integration.api.port'");
      sql(estate, "DELETE FROM vm_instance WHERE name = 'r-5-VM'");
      assertThat(rows(estate)).isNotEqualTo(upgradedRows);
      LabSsh.Result restore = db1.exec("mysql -u cloud -p'" + password + "' cloud < /root/cloud.sql");
      assertThat(restore.exitCode()).as(restore.err()).isZero();
    }
    assertThat(rows(estate)).isEqualTo(upgradedRows);

    // reset: versions, files, rows and journal as at the start
    assertThat(estate.truth()).isNotEqualTo(truthBefore);
    estate.reset();
    assertThat(estate.truth()).isEqualTo(truthBefore);
    assertThat(LabRig.files(estate)).isEqualTo(filesBefore);
    assertThat(rows(estate)).isEqualTo(rowsBefore);
    assertThat(estate.hosts().values()).allSatisfy(h -> assertThat(h.state().journal().entries()).isEmpty());
    assertThat(estate.database().orElseThrow().currentVersion()).contains(release);
  }

  static void sql(LabEstate estate, String statement) throws Exception {
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Every row of every table of {@code cloud} and {@code cloud_usage}, by table, in key order. */
  static Map<String, List<String>> rows(LabEstate estate) throws Exception {
    Map<String, List<String>> all = new TreeMap<>();
    for (String schema : List.of("cloud", "cloud_usage")) {
      try (Connection c = estate.database().orElseThrow().server().adminConnection(schema);
          Statement s = c.createStatement()) {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SHOW TABLES")) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
        for (String table : tables) {
          List<String> lines = new ArrayList<>();
          try (ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "` ORDER BY 1")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
              StringBuilder line = new StringBuilder();
              for (int i = 1; i <= md.getColumnCount(); i++) {
                line.append(md.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
              }
              lines.add(line.toString());
            }
          }
          all.put(schema + "." + table, lines);
        }
      }
    }
    return all;
  }

}
