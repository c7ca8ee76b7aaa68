package org.upgradeflow.lab.cloudstack;

import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.LabSsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.clouddb.SystemVmTemplate;
import org.upgradeflow.clouddb.TemplateDownload;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.LabTimings;

/**
 * The CloudStack behaviours that need an estate, over real SSH against two estates with their
 * MariaDB databases (4.2.1 for the template check and the agent, 4.3.0 for sysvmadm); the
 * truth is read from host files, the journal and the rows through UpgradeFlow's own adapter.
 */
class CloudStackLabTest {

  static final Duration SAFETY = Duration.ofSeconds(60);

  @TempDir
  static Path labDir;
  static LabRig rig;

  @BeforeAll
  static void start() {
    rig = LabRig.start(labDir, "lab-cs-42x", "lab-cs-430");
  }

  @AfterAll
  static void stop() {
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.estates().forEach(LabEstate::reset);
  }

  static LabEstate estate(String id) {
    return rig.estate(id);
  }

  static CloudDatabase adapter(LabEstate e) {
    return new CloudDatabases(CloudDbProperties.defaults()).forEnvironment(e.environment());
  }

  static void sql(LabEstate e, String statements) throws Exception {
    try (Connection c = e.database().orElseThrow().server().adminConnection("cloud"); Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }

  static List<String> versionRows(LabEstate e) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = e.database().orElseThrow().server().adminConnection("cloud"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version, step FROM version ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }

  static String log(LabHostState h) throws Exception {
    return Files.readString(h.path("/var/log/cloudstack/management/management-server.log"));
  }

  static void upgradePackage(LabSsh ssh, String pkg) throws Exception {
    String repo = ssh.read("/etc/yum.repos.d/cloudstack.repo");
    ssh.write("/etc/yum.repos.d/cloudstack.repo", repo.replace("/rhel/4.2/", "/rhel/4.3/"));
    assertThat(ssh.exec("yum -y update " + pkg).exitCode()).isZero();
  }

  @Test
  void firstStartAfterThePackageUpgradeUpgradesTheDatabaseOnceTheTemplatesAreReady() throws Exception {
    LabEstate e = estate("lab-cs-42x");
    LabHostState ms1 = e.host("ms1").state();
    CloudDatabase cloud = adapter(e);
    try (LabSsh ssh = new LabSsh(e.environment(), "ms1")) {
      assertThat(ssh.exec("service cloudstack-management stop").exitCode()).isZero();
      upgradePackage(ssh, "cloudstack-management");
      assertThat(ssh.exec("service cloudstack-management start").exitCode()).isZero();
      await().atMost(SAFETY).until(() -> log(ms1).contains("Unable to upgrade the database"));
      String failed = log(ms1);
      assertThat(failed).containsSubsequence("DB version = 4.2.1 Code Version = 4.3.2",
          "Database upgrade must be performed from 4.2.1 to 4.3.2",
          "Running upgrade Upgrade421to430 to upgrade from 4.2.1-4.3.0 to 4.3.0",
          "4.3.0 XenServer SystemVm template not found. Cannot upgrade system Vms", "Unable to upgrade the database");
      assertThat(versionRows(e)).contains("4.3.0 Upgrade").doesNotContain("4.3.0 Complete");
      assertThat(cloud.currentVersion()).contains("4.2.1");
      await().atMost(SAFETY).until(() -> !CloudStackLab.of(e).orElseThrow().upgradeRunning());
      assertThat(ms1.services().get("cloudstack-management").running()).isFalse();

      // the gate's intent: every hypervisor in use has its 4.3 template READY
      sql(e, "UPDATE template_store_ref SET download_state = 'DOWNLOADED', download_pct = 100, state = 'Ready'"
          + " WHERE template_id = 202;"
          + " INSERT INTO vm_template (id, unique_name, name, type, format, hypervisor_type, state)"
          + " VALUES (203, '203-2-lab', 'systemvm-vmware-4.3', 'SYSTEM', 'OVA', 'VMware', 'Active');"
          + " INSERT INTO template_store_ref (store_id, template_id, store_role, download_pct, download_state, state)"
          + " VALUES (2, 203, 'Image', 100, 'DOWNLOADED', 'Ready');");
      assertThat(ssh.exec("service cloudstack-management start").exitCode()).isZero();
      await().atMost(SAFETY).until(() -> log(ms1).contains("Upgrade completed for version 4.3.2"));
      assertThat(log(ms1).substring(failed.length())).containsSubsequence(
          "Database upgrade must be performed from 4.2.1 to 4.3.2", "Running upgrade Upgrade421to430",
          "Running upgrade Upgrade430to431", "Running upgrade Upgrade431to432", "Upgrade completed for version 4.3.2");
      await().atMost(SAFETY).until(() -> cloud.currentVersion().orElse("").equals("4.3.2"));
      assertThat(versionRows(e)).contains("4.3.0 Complete", "4.3.1 Complete", "4.3.2 Complete");
      await().atMost(SAFETY).until(() -> cloud.managementServers().stream()
          .anyMatch(m -> m.name().equals("ms1") && "4.3.2".equals(m.version())));
    }
    LabHostState ms2 = e.host("ms2").state();
    try (LabSsh ssh = new LabSsh(e.environment(), "ms2")) {
      ssh.exec("service cloudstack-management stop");
      upgradePackage(ssh, "cloudstack-management");
      assertThat(ssh.exec("service cloudstack-management start").exitCode()).isZero();
    }
    assertThat(log(ms2)).contains("DB version = 4.3.2 Code Version = 4.3.2");
    assertThat(log(ms2).substring(log(ms2).lastIndexOf("DB version = 4.3.2")))
        .contains("DB version and code version matches so no upgrade needed.");
  }

  @Test
  void theManagementApiAnswersCurlOnlyAfterTheStartUpDelayAndOn8096OnlyWhenOpenAtStart() throws Exception {
    LabEstate e = estate("lab-cs-430");
    CloudStackLab lab = CloudStackLab.of(e).orElseThrow();
    String probe = "curl -s -o /dev/null --max-time 10 -w '%{http_code}' "
        + "'http://127.0.0.1:8096/client/api?command=listCapabilities'";
    try (LabSsh ssh = new LabSsh(e.environment(), "ms1")) {
      lab.setTimings(LabTimings.DEFAULTS.withManagementStartUp(Duration.ofDays(1)));
      sql(e, "UPDATE configuration SET value = '8096' WHERE name = 'integration.api.port'");
      assertThat(ssh.exec("service cloudstack-management restart").exitCode()).isZero();
      LabSsh.Result starting = ssh.exec(probe);
      assertThat(starting.exitCode()).isEqualTo(7);
      assertThat(starting.out()).isEqualTo("000");
      assertThat(ssh.exec("curl -sS http://127.0.0.1:8096/client/api?command=listCapabilities").err())
          .isEqualTo("curl: (7) Failed to connect to 127.0.0.1 port 8096: Connection refused\n");

      lab.setTimings(LabTimings.DEFAULTS.withManagementStartUp(Duration.ZERO));
      LabSsh.Result up = ssh.exec(probe);
      assertThat(up.exitCode()).isZero();
      assertThat(up.out()).isEqualTo("200");
      assertThat(ssh.exec("curl -s 'http://localhost:8096/client/api?command=listCapabilities'").out())
          .contains("<cloudstackversion>4.3.0</cloudstackversion>");
      assertThat(ssh.exec("curl -s -w '%{http_code}' -o /dev/null 'http://127.0.0.1:8096/client/api?command=nope'")
          .out()).isEqualTo("432");
      assertThat(ssh.exec("curl -s -f -o /dev/null 'http://127.0.0.1:8080/client/api?command=listCapabilities'")
          .exitCode()).isEqualTo(22);

      // the port closed again: 8096 refuses after the next start, whatever the delay
      sql(e, "UPDATE configuration SET value = NULL WHERE name = 'integration.api.port'");
      assertThat(ssh.exec("service cloudstack-management restart").exitCode()).isZero();
      assertThat(ssh.exec(probe).out()).isEqualTo("000");
      assertThat(ssh.exec("service cloudstack-management stop").exitCode()).isZero();
      assertThat(ssh.exec("curl -s -o /dev/null -w '%{http_code}' 'http://127.0.0.1:8080/client/api'").out())
          .isEqualTo("000");
    } finally {
      lab.setTimings(LabTimings.DEFAULTS);
    }
  }

  @Test
  void curlFetchesTheRepositoryMetadataAndFailsAsCurlDoesForUnknownHostsPathsAndACutHost() throws Exception {
    LabEstate e = estate("lab-cs-42x");
    String fetch = "curl -fsS --max-time 5 -o /dev/null -w '%{http_code}' ";
    try (LabSsh kvm = new LabSsh(e.environment(), "kvm-ubuntu-1"); LabSsh usage = new LabSsh(e.environment(), "usage1")) {
      LabSsh.Result release = kvm.exec(fetch + "http://cloudstack.lab/ubuntu/dists/precise/Release");
      assertThat(release.exitCode()).isZero();
      assertThat(release.out()).isEqualTo("200");
      assertThat(kvm.exec("curl -s http://cloudstack.lab/ubuntu/dists/precise/Release").out()).contains("Components: ")
          .contains("4.3");
      assertThat(usage.exec(fetch + "http://cloudstack.lab/rhel/4.3/repodata/repomd.xml").out()).isEqualTo("200");

      LabSsh.Result unknownSeries = usage.exec(fetch + "http://cloudstack.lab/rhel/9.9/repodata/repomd.xml");
      assertThat(unknownSeries.exitCode()).isEqualTo(22);
      assertThat(unknownSeries.out()).isEqualTo("404");
      assertThat(unknownSeries.err()).isEqualTo("curl: (22) The requested URL returned error: 404\n");
      LabSsh.Result unknownHost = usage.exec(fetch + "http://mirror.example.invalid/rhel/4.3/repodata/repomd.xml");
      assertThat(unknownHost.exitCode()).isEqualTo(6);
      assertThat(unknownHost.out()).isEqualTo("000");
      assertThat(unknownHost.err()).isEqualTo("curl: (6) Could not resolve host: mirror.example.invalid\n");
      assertThat(usage.exec(fetch + "-x http://proxy.example.invalid:3128 http://cloudstack.lab/").err())
          .isEqualTo("curl: (5) Could not resolve proxy: proxy.example.invalid\n");
      LabSsh.Result noServer = usage.exec(fetch + "http://ms1:8080/client/api");
      assertThat(noServer.exitCode()).as("ms1 resolves, its API is not up").isEqualTo(7);

      CloudStackLab.of(e).orElseThrow().cutRepository("kvm-ubuntu-1");
      LabSsh.Result cut = kvm.exec(fetch + "http://cloudstack.lab/ubuntu/dists/precise/Release");
      assertThat(cut.exitCode()).isEqualTo(7);
      assertThat(cut.err()).isEqualTo("curl: (7) Failed to connect to cloudstack.lab port 80: Connection refused\n");
      assertThat(usage.exec(fetch + "http://cloudstack.lab/rhel/4.3/repodata/repomd.xml").out())
          .as("other hosts still reach it").isEqualTo("200");
      assertThat(e.truth()).extractingByKey("cloudstack").asString().contains("repositoryUnreachableFrom=[kvm-ubuntu-1]");
      e.reset();
      assertThat(kvm.exec(fetch + "http://cloudstack.lab/ubuntu/dists/precise/Release").exitCode()).as("reset").isZero();
    }
    e.hosts().forEach((name, host) -> assertThat(host.state().journal().commands()).as(name).isEmpty());
  }

  @Test
  void sysvmadmNeedsTheIntegrationPortAndARestartAndIgnoresMinusC() throws Exception {
    LabEstate e = estate("lab-cs-430");
    CloudStackLab lab = CloudStackLab.of(e).orElseThrow();
    LabHostState ms1 = e.host("ms1").state();
    try (LabSsh ssh = new LabSsh(e.environment(), "ms1")) {
      LabSsh.Result closed = ssh.exec("cloudstack-sysvmadm -d 127.0.0.1 -u cloud -p 'S3cret pw' -c -r");
      assertThat(closed.err()).isEqualTo("cloudstack-sysvmadm: illegal option -- c\n");
      assertThat(closed.out()).isEqualTo("Stopping and starting 2 running routing vm(s)... \n"
          + "ERROR: Failed to restart domainRouter with id 5 \nERROR: Failed to restart domainRouter with id 6 \n"
          + "Done restarting router(s). \n");
      assertThat(lab.restarts()).isEmpty();

      sql(e, "UPDATE configuration SET value = '8096' WHERE name = 'integration.api.port'");
      assertThat(ssh.exec("cloudstack-sysvmadm -a").out()).contains("ERROR: Failed to stop secondary storage vm with id 1 ");
      assertThat(ssh.exec("service cloudstack-management restart").exitCode()).isZero();

      lab.failSystemVm(4);
      LabSsh.Result ok = ssh.exec("cloudstack-sysvmadm -d 127.0.0.1 -u cloud -pS3cret -a -l /root/sysvm.log");
      assertThat(ok.exitCode()).isZero();
      assertThat(ok.out()).isEmpty();
      assertThat(ssh.read("/root/sysvm.log")).isEqualTo("Stopping and starting 2 secondary storage vm(s)...\n"
          + "Done stopping and starting secondary storage vm(s)\n"
          + "Stopping and starting 2 console proxy vm(s)...\n"
          + "ERROR: Failed to start console proxy vm with id 4 \n"
          + "Done stopping and starting console proxy vm(s) .\n"
          + "Stopping and starting 2 running routing vm(s)... \n"
          + "Done restarting router(s). \n");
      assertThat(lab.restarts()).extracting(CloudStackLab.SystemVmRestart::name)
          .containsExactly("s-1-VM", "s-3-VM", "v-2-VM", "r-5-VM", "r-6-VM");
      assertThat(ssh.exec("cloudstack-sysvmadm -s -z 9").out()).isEqualTo(
          "No running secondary storage vms found \nNo running console proxy vms found \n");
    }
    assertThat(ms1.journal().commands()).contains(
        "cloudstack-sysvmadm -d 127.0.0.1 -u cloud -p **** -c -r",
        "cloudstack-sysvmadm -d 127.0.0.1 -u cloud -p**** -a -l /root/sysvm.log");
    assertThat(String.join("\n", ms1.journal().commands())).doesNotContain("S3cret");
  }

  @Test
  void theFourThreeAgentChecksItsConfigurationAndAStrayJsvcBlocksItsStartOnRhel() throws Exception {
    LabEstate e = estate("lab-cs-42x");
    CloudStackLab lab = CloudStackLab.of(e).orElseThrow();
    LabHostState kvm = e.host("kvm-rhel-1").state();
    try (LabSsh ssh = new LabSsh(e.environment(), "kvm-rhel-1")) {
      assertThat(ssh.exec("killall jsvc").exitCode()).isZero(); // the 4.2 agent runs under jsvc
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isZero();
      upgradePackage(ssh, "cloudstack-agent");
      assertThat(lab.strayJsvc("kvm-rhel-1")).isTrue();
      ssh.exec("service cloudstack-agent stop");
      LabSsh.Result blocked = ssh.exec("service cloudstack-agent start");
      assertThat(blocked.exitCode()).isEqualTo(1);
      assertThat(blocked.out()).contains("FAILED");
      assertThat(kvm.services().get("cloudstack-agent").running()).isFalse();
      assertThat(Files.readString(kvm.path("/var/log/cloudstack/agent/agent.log"))).contains("jsvc");
      assertThat(ssh.exec("killall jsvc").exitCode()).isZero();
      assertThat(lab.strayJsvc("kvm-rhel-1")).isFalse();
      assertThat(ssh.exec("killall jsvc").exitCode()).isEqualTo(1);

      String props = ssh.read("/etc/cloudstack/agent/agent.properties");
      ssh.write("/etc/cloudstack/agent/agent.properties", props.replace(KvmAgent.RESOURCE + "\n", ""));
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isEqualTo(1);
      assertThat(Files.readString(kvm.path("/var/log/cloudstack/agent/agent.log")))
          .contains("com.cloud.hypervisor.kvm.resource.LibvirtComputingResource");
      ssh.write("/etc/cloudstack/agent/agent.properties", props);
      ssh.write("/etc/cloudstack/agent/environment.properties", "paths.script=/usr/lib64/cloud/common\n");
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isEqualTo(1);
      assertThat(Files.readString(kvm.path("/var/log/cloudstack/agent/agent.log"))).contains("paths.script");
      ssh.write("/etc/cloudstack/agent/environment.properties", KvmAgent.PATHS_SCRIPT + "\n");
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isZero();
      assertThat(kvm.services().get("cloudstack-agent").running()).isTrue();
      assertThat(ssh.exec("service cloudstack-agent status").exitCode()).isZero();
    }
  }
  static String hostStatus(LabEstate e, String name) {
    return adapter(e).hypervisorHosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow().status();
  }

  @Test
  void aKvmHostRowFollowsItsAgentAfterTheConnectDelayAndStaysDisconnectedUnderTheFault() throws Exception {
    LabEstate e = estate("lab-cs-42x");
    CloudStackLab lab = CloudStackLab.of(e).orElseThrow();
    try (LabSsh ssh = new LabSsh(e.environment(), "kvm-ubuntu-1")) {
      assertThat(hostStatus(e, "kvm-ubuntu-1")).isEqualTo("Up");
      lab.setTimings(LabTimings.DEFAULTS.withAgentConnect(Duration.ofDays(1)));
      assertThat(ssh.exec("service cloudstack-agent stop").exitCode()).isZero();
      assertThat(hostStatus(e, "kvm-ubuntu-1")).isEqualTo("Disconnected");
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isZero();
      assertThat(hostStatus(e, "kvm-ubuntu-1")).as("connecting takes a day").isEqualTo("Disconnected");

      lab.setTimings(LabTimings.DEFAULTS.withAgentConnect(Duration.ZERO));
      assertThat(ssh.exec("service cloudstack-agent restart").exitCode()).isZero();
      assertThat(hostStatus(e, "kvm-ubuntu-1")).isEqualTo("Up");

      lab.setStaysDisconnected("kvm-ubuntu-1", true);
      assertThat(ssh.exec("service cloudstack-agent restart").exitCode()).isZero();
      assertThat(hostStatus(e, "kvm-ubuntu-1")).isEqualTo("Disconnected");
      assertThat(((java.util.Map<?, ?>) e.truth().get("cloudstack")).get("staysDisconnected"))
          .isEqualTo(List.of("kvm-ubuntu-1"));
      lab.setStaysDisconnected("kvm-ubuntu-1", false); // the running agent connects again
      assertThat(hostStatus(e, "kvm-ubuntu-1")).isEqualTo("Up");

      lab.setTimings(LabTimings.DEFAULTS);
      assertThat(ssh.exec("service cloudstack-agent restart").exitCode()).isZero();
      await().atMost(SAFETY).until(() -> hostStatus(e, "kvm-ubuntu-1").equals("Up"));
    } finally {
      lab.setTimings(LabTimings.DEFAULTS);
    }
  }

  @Test
  void aRebootDisconnectsTheHostAndItsAgentConnectsAfterTheBoot() throws Exception {
    LabEstate e = estate("lab-cs-42x");
    CloudStackLab lab = CloudStackLab.of(e).orElseThrow();
    var rhel = e.host("kvm-rhel-1");
    try {
      // connecting takes a day: after the boot the row still shows the reboot's Disconnected
      lab.setTimings(LabTimings.DEFAULTS.withAgentConnect(Duration.ofDays(1)));
      String boot = rebootAndAwait(e, "kvm-rhel-1");
      assertThat(hostStatus(e, "kvm-rhel-1")).isEqualTo("Disconnected");
      assertThat(rhel.state().services().get("cloudstack-agent").running()).isTrue();

      lab.setTimings(LabTimings.DEFAULTS);
      String second = rebootAndAwait(e, "kvm-rhel-1");
      assertThat(second).isNotEqualTo(boot);
      await().atMost(SAFETY).until(() -> hostStatus(e, "kvm-rhel-1").equals("Up"));
    } finally {
      lab.setTimings(LabTimings.DEFAULTS);
    }
  }

  static TemplateDownload template(LabEstate e, SystemVmTemplate which) {
    return adapter(e).systemVmTemplates().stream().filter(t -> t.template() == which).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  static List<String> runningDownloads(LabEstate e) {
    return (List<String>) ((java.util.Map<String, Object>) e.truth().get("cloudstack")).get("templateDownloadsRunning");
  }

  @Test
  void aStartedTemplateDownloadMovesOnItsOwnOnlyWithADownloadTimeAndStopsForTheApiAndAReset() throws Exception {
    LabEstate e = estate("lab-cs-42x");
    CloudStackLab lab = CloudStackLab.of(e).orElseThrow();
    TemplateDownload initial = template(e, SystemVmTemplate.XENSERVER);
    assertThat(initial.ready()).isFalse();
    try {
      // the default 0: the row is in progress and nothing runs that would move it
      assertThat(lab.templateDownloadTime()).isZero();
      assertThat(lab.startTemplateDownload("XenServer")).isPositive();
      assertThat(template(e, SystemVmTemplate.XENSERVER)).extracting(TemplateDownload::downloadState,
          TemplateDownload::downloadPercent).containsExactly("DOWNLOAD_IN_PROGRESS", 0);
      assertThat(runningDownloads(e)).isEmpty();

      // two hours at the rig's scale (0.002): 14 s in ten steps; the percentage rises on its own
      lab.setTemplateDownloadTime(Duration.ofHours(2));
      lab.startTemplateDownload("XenServer");
      assertThat(runningDownloads(e)).containsExactly("XenServer");
      await().atMost(SAFETY).until(() -> template(e, SystemVmTemplate.XENSERVER).downloadPercent() > 0);
      // the download error through the lab API: the running download stops, the API's row stays
      assertThat(lab.setTemplateDownload("XenServer", "DOWNLOAD_ERROR", 0)).isPositive();
      assertThat(runningDownloads(e)).isEmpty();
      assertThat(template(e, SystemVmTemplate.XENSERVER)).extracting(TemplateDownload::downloadState,
          TemplateDownload::downloadPercent).containsExactly("DOWNLOAD_ERROR", 0);

      // a reset waits for a running download to end before the database goes back
      lab.startTemplateDownload("XenServer");
      assertThat(runningDownloads(e)).containsExactly("XenServer");
      e.reset();
      assertThat(runningDownloads(e)).isEmpty();
      assertThat(template(e, SystemVmTemplate.XENSERVER)).isEqualTo(initial);

      // a minute (0.12 s): the VMware template the operator registers downloads to Ready
      lab.setTemplateDownloadTime(Duration.ofMinutes(1));
      lab.registerVmwareTemplate();
      await().atMost(SAFETY).until(() -> template(e, SystemVmTemplate.VMWARE).ready());
      assertThat(template(e, SystemVmTemplate.VMWARE)).extracting(TemplateDownload::downloadState,
          TemplateDownload::state, TemplateDownload::downloadPercent).containsExactly("DOWNLOADED", "Ready", 100);
    } finally {
      lab.setTemplateDownloadTime(Duration.ZERO);
    }
  }

  private static String rebootAndAwait(LabEstate e, String name) throws Exception {
    var host = e.host(name);
    String before = host.state().bootId();
    try (LabSsh ssh = new LabSsh(e.environment(), name)) {
      ssh.exec("reboot");
    } catch (java.io.IOException dropped) {
      // the session may end before the exit status arrives, as on a real host
    }
    await().atMost(SAFETY).until(() -> host.isUp() && !host.state().bootId().equals(before));
    return host.state().bootId();
  }
}
