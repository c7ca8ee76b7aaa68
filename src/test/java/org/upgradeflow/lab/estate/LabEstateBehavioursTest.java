package org.upgradeflow.lab.estate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.testing.LabRig;

/**
 * The "Done when", per CloudStack estate, through UpgradeFlow's real SSH adapter
 * ({@link SshjRemoteShell}: commands, SFTP file edits, the boot-id probe) against each estate's own
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
  static SshjRemoteShell shell;

  @BeforeAll
  static void start() {
    shell = new SshjRemoteShell(new SshProperties(Duration.ofSeconds(30), SAFETY, null, dir.resolve("step-logs"), null,
        null, Duration.ofMillis(50)));
    rig = LabRig.start(dir, "lab-cs-431", "lab-cs-430", "lab-cs-42x", "lab-cs-41x", "lab-cs-40x", "lab-cs-30x",
        "lab-cs-2214");
  }

  @AfterAll
  static void stop() {
    shell.close();
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

    RemoteTarget ms1 = RemoteTarget.of(estate.environment(), "ms1");
    // the repository rule: the host's repository file still names its own release, so nothing to upgrade
    ExecResult nothing = shell.exec(ms1, ShellCommand.of("yum -y update {}", ShellArg.packageName(pkg)));
    assertThat(nothing.exitStatus()).isZero();
    assertThat(nothing.stdout()).contains("No Packages marked for Update");
    assertThat(estate.host("ms1").state().packages()).containsEntry(pkg, release);

    // sysvmadm: -c is no option, and with integration.api.port closed every VM fails
    String sysvmadm = newNames ? "cloudstack-sysvmadm" : "cloud-sysvmadm";
    ExecResult minusC = shell.exec(ms1, ShellCommand.of("{} -c -r", ShellArg.word(sysvmadm)));
    assertThat(minusC.stderr()).isEqualTo(sysvmadm + ": illegal option -- c\n");
    assertThat(minusC.stdout()).startsWith("Stopping and starting 2 running routing vm(s)... \n")
        .contains("ERROR: Failed to restart domainRouter with id 5 ");
    assertThat(lab.restarts()).isEmpty();

    // the package upgrade, then the first start upgrades the database
    assertThat(shell.exec(ms1, ShellCommand.of("service {} stop", ShellArg.service(service))).exitStatus()).isZero();
    String fromSeries = "/rhel/" + estate.definition().repositoryVersion() + "/";
    shell.editFile(ms1, "/etc/yum.repos.d/cloudstack.repo", repo -> repo.replace(fromSeries, "/rhel/4.3/"));
    ExecResult upgraded = shell.exec(ms1, ShellCommand.of("yum -y update {}", ShellArg.packageName(pkg)));
    assertThat(upgraded.exitStatus()).as(upgraded.stdout() + upgraded.stderr()).isZero();
    assertThat(estate.host("ms1").state().packages()).containsEntry("cloudstack-management", "4.3.2");
    LabHostState ms1State = estate.host("ms1").state();
    Path log = ms1State.path("/var/log/cloudstack/management/management-server.log");
    ShellCommand startManagement = ShellCommand.of("service cloudstack-management start");
    if (Releases.compare(release, "4.3") < 0) {
      // the XenServer 4.3 template is still downloading: Upgrade421to430 stops
      assertThat(shell.exec(ms1, startManagement).exitStatus()).isZero();
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
    assertThat(shell.exec(ms1, startManagement).exitStatus()).isZero();
    await().atMost(SAFETY).until(() -> estate.database().orElseThrow().currentVersion().orElse("").equals("4.3.2"));
    await().atMost(SAFETY).until(() -> !lab.upgradeRunning());
    assertThat(Files.readString(log)).contains("Database upgrade must be performed from ", " to 4.3.2",
        "Upgrade completed for version 4.3.2");

    // the 4.3 agent's start checks (Ubuntu: the conffile questions answered by --force-confold)
    RemoteTarget kvm = RemoteTarget.of(estate.environment(), "kvm-ubuntu-1");
    shell.writeFile(kvm, "/etc/apt/sources.list.d/cloudstack.list", "deb http://cloudstack.lab/ubuntu precise 4.3\n");
    assertThat(shell.exec(kvm, ShellCommand.of("apt-get update")).exitStatus()).isZero();
    ExecResult agent = shell.exec(kvm,
        ShellCommand.of("apt-get -y -o Dpkg::Options::=--force-confold install {}", ShellArg.packageName("cloudstack-agent")));
    assertThat(agent.exitStatus()).as(agent.stdout() + agent.stderr()).isZero();
    shell.exec(kvm, ShellCommand.of("service {} stop", ShellArg.service(newNames ? "cloudstack-agent" : "cloud-agent")));
    ShellCommand startAgent = ShellCommand.of("service cloudstack-agent start");
    String props = shell.readFile(kvm, "/etc/cloudstack/agent/agent.properties");
    String withoutResource = String.join("\n", props.lines().filter(l -> !l.startsWith("resource=")).toList()) + "\n";
    shell.writeFile(kvm, "/etc/cloudstack/agent/agent.properties", withoutResource);
    shell.writeFile(kvm, "/etc/cloudstack/agent/environment.properties", PATHS_SCRIPT + "\n");
    assertThat(shell.exec(kvm, startAgent).exitStatus()).isEqualTo(1);
    shell.writeFile(kvm, "/etc/cloudstack/agent/agent.properties", withoutResource + RESOURCE + "\n");
    shell.writeFile(kvm, "/etc/cloudstack/agent/environment.properties", "paths.script=/usr/lib64/cloud/common\n");
    assertThat(shell.exec(kvm, startAgent).exitStatus()).isEqualTo(1);
    shell.writeFile(kvm, "/etc/cloudstack/agent/environment.properties", PATHS_SCRIPT + "\n");
    assertThat(shell.exec(kvm, startAgent).exitStatus()).isZero();
    assertThat(Files.readString(estate.host("kvm-ubuntu-1").state().path("/var/log/cloudstack/agent/agent.log")))
        .contains("LibvirtComputingResource", "paths.script");

    // a reboot takes the host away and brings it back with a new boot id (read by the adapter's probe)
    RemoteTarget rhel = RemoteTarget.of(estate.environment(), "kvm-rhel-1");
    String boot = shell.probe(rhel).bootId();
    assertThat(boot).isEqualTo(estate.host("kvm-rhel-1").state().bootId());
    try {
      shell.exec(rhel, ShellCommand.of("reboot"));
    } catch (RemoteShellException dropped) {
      // the session may end before the exit status arrives, as on a real host
    }
    await().atMost(SAFETY).until(() -> {
      HostProbe now = shell.probe(rhel);
      return now.reachable() && !boot.equals(now.bootId());
    });
    shell.disconnect(rhel); // the pooled connection died with the old boot
    // the enabled agent started at boot and connects: its host row is Up again before the rows are compared
    await().atMost(SAFETY).until(() -> hostStatus(estate, "kvm-rhel-1").equals("Up"));

    // a dump on the database host restores to the same rows
    Secret password = estate.environment().database().password();
    Map<String, List<String>> upgradedRows = rows(estate);
    RemoteTarget db1 = RemoteTarget.of(estate.environment(), "db1");
    ExecResult dump = shell.exec(db1, ShellCommand.of("mysqldump -u cloud -p{} cloud > /root/cloud.sql",
        ShellArg.secret(password)));
    assertThat(dump.exitStatus()).as(dump.stderr()).isZero();
    assertThat(shell.exec(db1, ShellCommand.of("tail -c 200 /root/cloud.sql")).stdout()).contains("-- Dump completed");
    sql(estate, "UPDATE configuration SET value = '8096' WHERE name = 'integration.api.port'");
    sql(estate, "DELETE FROM vm_instance WHERE name = 'r-5-VM'");
    assertThat(rows(estate)).isNotEqualTo(upgradedRows);
    ExecResult restore = shell.exec(db1, ShellCommand.of("mysql -u cloud -p{} cloud < /root/cloud.sql",
        ShellArg.secret(password)));
    assertThat(restore.exitStatus()).as(restore.stderr()).isZero();
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

  static String hostStatus(LabEstate estate, String name) throws Exception {
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        var ps = c.prepareStatement("SELECT status FROM host WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
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
