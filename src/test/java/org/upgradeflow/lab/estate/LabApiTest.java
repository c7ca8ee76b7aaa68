package org.upgradeflow.lab.estate;

import org.upgradeflow.testing.LabSsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.host.LabTimings;

/**
 * The service with the lab profile (two estates to keep it small): estates are environments,
 * the CloudStack one has a real database reached through the service's own adapter, and the
 * lab API needs camunda-admin or change-managers and tells the truth.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "upgradeflow.lab.estates=lab-cs-42x,lab-um-44",
    "upgradeflow.lab.dir=target/lab-api-test",
    "upgradeflow.lab.time-scale=0.002",
    // timings: a bare number is seconds; a KVM agent connects at once (the row is Up when start returns)
    "upgradeflow.lab.timings.agent-connect=0",
    "upgradeflow.lab.timings.reboot=45",
    "upgradeflow.lab.timings.usage-meter-iso-upgrade=2m",
    // a started template download moves on its own: 5 min at this scale is 0.6 s
    "upgradeflow.lab.timings.template-download=PT5M",
    // own engine and database: engines are registered JVM-wide by name, and Camunda's REST
    // would otherwise send the shared @ServiceTest context's calls to this one
    "camunda.bpm.process-engine-name=labapitest",
    // no webapp: this context is closed after the class, and closing one with the webapp breaks
    // the webapp of the shared test context (static state)
    "camunda.bpm.webapp.enabled=false",
    "spring.datasource.url=jdbc:h2:mem:labapitest;DB_CLOSE_DELAY=-1"})
@ActiveProfiles({"test", "lab"})
// closed after the class: a cached context would keep its estates' hosts (JVM-wide Jimfs names
// such as lab-cs-42x.ms1) and MariaDB alive, and a later test class starting lab-cs-42x fails
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LabApiTest {

  @Autowired
  TestRestTemplate http;
  @Autowired
  EnvironmentRegistry registry;
  @Autowired
  CloudDatabases databases;
  @Autowired
  LabEstates estates;

  @Test
  void estatesAreEnvironmentsAndTheDatabaseIsReachedThroughTheAdapter() {
    assertThat(http.withBasicAuth("ops", "ops").getForObject("/api/environments", String.class))
        .contains("\"id\":\"lab-cs-42x\"", "\"id\":\"lab-um-44\"", "\"name\":\"kvm-ubuntu-1\"");
    assertThat(databases.forEnvironment(registry.get("lab-cs-42x")).currentVersion()).contains("4.2.1");
    assertThat(registry.get("lab-um-44").database()).isNull();
  }

  @Test
  void theLabApiRequiresAnAdminOrAChangeManager() {
    assertThat(http.getForEntity("/lab/estates", String.class).getStatusCode().value()).isEqualTo(401);
    assertThat(http.withBasicAuth("ops", "ops").getForEntity("/lab/estates", String.class).getStatusCode().value())
        .isEqualTo(403);
    assertThat(http.withBasicAuth("cm", "cm").getForEntity("/lab/estates", String.class).getStatusCode().value())
        .isEqualTo(200);
    assertThat(http.withBasicAuth("ops", "ops").postForEntity("/lab/estates/lab-cs-42x/reset", null, String.class)
        .getStatusCode().value()).isEqualTo(403);
  }

  @Test
  @SuppressWarnings("unchecked")
  void truthShowsWhatChangedAndResetUndoesIt() throws Exception {
    try (LabSsh ssh = new LabSsh(registry.get("lab-cs-42x"), "ms1")) {
      assertThat(ssh.exec("service cloudstack-management stop").exitCode()).isZero();
    }
    Map<String, Object> truth = http.withBasicAuth("admin", "admin").getForObject("/lab/estates/lab-cs-42x/truth", Map.class);
    assertThat(truth.get("databaseVersion")).isEqualTo("4.2.1");
    Map<String, Object> ms1 = ((List<Map<String, Object>>) truth.get("hosts")).stream()
        .filter(h -> h.get("name").equals("ms1")).findFirst().orElseThrow();
    assertThat((Map<String, Object>) ms1.get("packages")).containsEntry("cloudstack-management", "4.2.1");
    assertThat((Map<String, Object>) ms1.get("services"))
        .containsEntry("cloudstack-management", Map.of("running", false, "enabled", true));
    assertThat(((Map<String, Object>) ms1.get("repositoryFile")).get("content").toString())
        .contains("baseurl=http://cloudstack.lab/rhel/4.2/");
    List<Map<String, Object>> journal = (List<Map<String, Object>>) ms1.get("journal");
    assertThat(journal).singleElement().satisfies(e -> {
      assertThat(e.get("command")).isEqualTo("service cloudstack-management stop");
      assertThat(e.get("time")).isNotNull();
    });

    assertThat(http.withBasicAuth("cm", "cm").postForEntity("/lab/estates/lab-cs-42x/reset", null, String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(estates.find("lab-cs-42x").orElseThrow().host("ms1").state().services().get("cloudstack-management").running())
        .isTrue();
    assertThat(http.withBasicAuth("cm", "cm").getForEntity("/lab/estates/nope/truth", String.class).getStatusCode().value())
        .isEqualTo(404);
  }

  @Test
  void theLabApiDrivesTemplatesHostStatusFaultsAndSysvmadm() throws Exception {
    LabEstate e = estates.find("lab-cs-42x").orElseThrow();
    e.reset();
    var cm = http.withBasicAuth("cm", "cm");
    var cloud = databases.forEnvironment(registry.get("lab-cs-42x"));
    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/templates/XenServer?state=DOWNLOAD_IN_PROGRESS&pct=80", null,
        String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(cloud.systemVmTemplates()).filteredOn(t -> t.template() == org.upgradeflow.clouddb.SystemVmTemplate.XENSERVER)
        .singleElement().satisfies(t -> assertThat(t.ready()).isFalse());
    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/templates/XenServer?state=DOWNLOADED", null, String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(cloud.systemVmTemplates()).filteredOn(t -> t.template() == org.upgradeflow.clouddb.SystemVmTemplate.XENSERVER)
        .singleElement().satisfies(t -> assertThat(t.ready()).isTrue());
    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/templates/VMware?state=DOWNLOADED", null, String.class)
        .getStatusCode().value()).isEqualTo(404);

    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/hosts/xen2/status?value=Disconnected", null, String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(cloud.hypervisorHosts()).filteredOn(h -> h.name().equals("xen2")).singleElement()
        .satisfies(h -> assertThat(h.status()).isEqualTo("Disconnected"));

    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/hosts/ms1/faults?program=rpm&kind=fail&exitCode=7", null,
        String.class).getStatusCode().value()).isEqualTo(200);
    try (LabSsh ssh = new LabSsh(registry.get("lab-cs-42x"), "ms1")) {
      assertThat(ssh.exec("rpm -q cloudstack-management").exitCode()).isEqualTo(7);
      cm.delete("/lab/estates/lab-cs-42x/hosts/ms1/faults");
      assertThat(ssh.exec("rpm -q cloudstack-management").exitCode()).isZero();
    }
    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/sysvms/5/fail", null, String.class).getStatusCode().value())
        .isEqualTo(200);
    assertThat(((Map<?, ?>) e.truth().get("cloudstack")).get("failingSystemVms")).isEqualTo(List.of(5L));
    e.reset();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLabApiReadsHostFilesAndDatabaseRows() throws Exception {
    LabEstate e = estates.find("lab-cs-42x").orElseThrow();
    e.reset();
    var cm = http.withBasicAuth("cm", "cm");
    try (LabSsh ssh = new LabSsh(registry.get("lab-cs-42x"), "ms1")) {
      assertThat(ssh.exec("echo 'written over ssh' > /root/lab-note.txt").exitCode()).isZero();
    }
    Map<String, Object> file = cm.getForObject("/lab/estates/lab-cs-42x/hosts/ms1/files?path=/root/lab-note.txt", Map.class);
    assertThat(file).containsEntry("type", "file").containsEntry("content", "written over ssh\n");
    Map<String, Object> dir = cm.getForObject("/lab/estates/lab-cs-42x/hosts/ms1/files?path=/etc/yum.repos.d", Map.class);
    assertThat(dir).containsEntry("type", "directory");
    assertThat((List<Map<String, Object>>) dir.get("entries"))
        .contains(Map.of("name", "cloudstack.repo", "type", "file"));
    var missing = cm.getForEntity("/lab/estates/lab-cs-42x/hosts/ms1/files?path=/etc/nope.conf", String.class);
    assertThat(missing.getStatusCode().value()).isEqualTo(404);
    assertThat(missing.getBody()).contains("/etc/nope.conf", "ms1");
    assertThat(cm.getForEntity("/lab/estates/lab-cs-42x/hosts/ms1/files?path=etc", String.class).getBody())
        .contains("path must be absolute");

    cm.postForEntity("/lab/estates/lab-cs-42x/hosts/xen2/status?value=Disconnected", null, String.class);
    Map<String, Object> hosts = cm.getForObject("/lab/estates/lab-cs-42x/db/host", Map.class);
    assertThat((List<Map<String, Object>>) hosts.get("rows")).filteredOn(r -> "xen2".equals(r.get("name")))
        .singleElement().satisfies(r -> assertThat(r.get("status")).isEqualTo("Disconnected"));
    assertThat((List<Map<String, Object>>) cm.getForObject("/lab/estates/lab-cs-42x/db/version", Map.class).get("rows"))
        .anySatisfy(r -> assertThat(r.get("version")).isEqualTo("4.2.1"));
    var unknownTable = cm.getForEntity("/lab/estates/lab-cs-42x/db/{t}", String.class, "host` WHERE 1=1 -- ");
    assertThat(unknownTable.getStatusCode().value()).isEqualTo(400);
    assertThat(unknownTable.getBody()).contains("table must be a table of cloud", "WHERE 1=1");
    var otherSchema = cm.getForEntity("/lab/estates/lab-cs-42x/db/user?database=mysql", String.class);
    assertThat(otherSchema.getStatusCode().value()).isEqualTo(400);
    assertThat(otherSchema.getBody()).contains("database must be one of [cloud, cloud_usage]");
    assertThat(cm.getForEntity("/lab/estates/lab-um-44/db/version", String.class).getStatusCode().value()).isEqualTo(400);
    assertThat(http.withBasicAuth("ops", "ops").getForEntity("/lab/estates/lab-cs-42x/db/host", String.class)
        .getStatusCode().value()).isEqualTo(403);
    assertThat(http.withBasicAuth("ops", "ops")
        .getForEntity("/lab/estates/lab-cs-42x/hosts/ms1/files?path=/etc", String.class).getStatusCode().value())
        .isEqualTo(403);
    e.reset();
  }

  @Test
  void configuredTimingsReachTheModels() {
    LabEstate cs = estates.find("lab-cs-42x").orElseThrow();
    assertThat(CloudStackLab.of(cs).orElseThrow().timings().agentConnect()).isZero();
    assertThat(CloudStackLab.of(cs).orElseThrow().timings().databaseUpgrade()).isEqualTo(Duration.ofSeconds(60));
    assertThat(cs.host("kvm-rhel-1").state().time().timings().reboot()).isEqualTo(Duration.ofSeconds(45));
    assertThat(cs.host("kvm-rhel-1").state().time().scale()).isEqualTo(0.002);
    var um = estates.find("lab-um-44").orElseThrow().host("um1").state().time().timings();
    assertThat(um.usageMeterIsoUpgrade()).isEqualTo(Duration.ofMinutes(2));
    assertThat(um.usageMeterReboot()).isEqualTo(LabTimings.DEFAULTS.usageMeterReboot());
    assertThat(CloudStackLab.of(cs).orElseThrow().templateDownloadTime()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTemplateDownloadStartedThroughTheApiCompletesOnItsOwnWithTheConfiguredTime() {
    LabEstate e = estates.find("lab-cs-42x").orElseThrow();
    e.reset();
    var cm = http.withBasicAuth("cm", "cm");
    var cloud = databases.forEnvironment(registry.get("lab-cs-42x"));
    java.util.function.Supplier<org.upgradeflow.clouddb.TemplateDownload> xen = () -> cloud.systemVmTemplates().stream()
        .filter(t -> t.template() == org.upgradeflow.clouddb.SystemVmTemplate.XENSERVER).findFirst().orElseThrow();
    assertThat(xen.get().ready()).isFalse();

    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/templates/XenServer?state=DOWNLOAD_IN_PROGRESS", null,
        String.class).getStatusCode().value()).isEqualTo(200);
    // a bound far above the 0.6 s it takes, for a loaded machine
    await().atMost(Duration.ofSeconds(60)).until(() -> xen.get().ready());
    assertThat(xen.get()).satisfies(t -> {
      assertThat(t.downloadState()).isEqualTo("DOWNLOADED");
      assertThat(t.state()).isEqualTo("Ready");
      assertThat(t.downloadPercent()).isEqualTo(100);
    });
    await().atMost(Duration.ofSeconds(60)).until(() ->
        ((Map<String, Object>) e.truth().get("cloudstack")).get("templateDownloadsRunning").equals(List.of()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aKvmHostRowFollowsItsAgentAndTheDisconnectedFaultKeepsItDisconnected() throws Exception {
    LabEstate e = estates.find("lab-cs-42x").orElseThrow();
    e.reset();
    var cm = http.withBasicAuth("cm", "cm");
    java.util.function.Supplier<Object> status = () -> ((List<Map<String, Object>>) cm
        .getForObject("/lab/estates/lab-cs-42x/db/host", Map.class).get("rows")).stream()
        .filter(r -> "kvm-ubuntu-1".equals(r.get("name"))).findFirst().orElseThrow().get("status");
    try (LabSsh ssh = new LabSsh(registry.get("lab-cs-42x"), "kvm-ubuntu-1")) {
      assertThat(ssh.exec("service cloudstack-agent stop").exitCode()).isZero();
      assertThat(status.get()).isEqualTo("Disconnected");
      assertThat(ssh.exec("service cloudstack-agent start").exitCode()).isZero();
      assertThat(status.get()).as("agent-connect=0: Up when the start returns").isEqualTo("Up");

      assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/hosts/kvm-ubuntu-1/faults?kind=disconnected", null,
          String.class).getStatusCode().value()).isEqualTo(200);
      assertThat(ssh.exec("service cloudstack-agent restart").exitCode()).isZero();
      assertThat(status.get()).isEqualTo("Disconnected");
      cm.delete("/lab/estates/lab-cs-42x/hosts/kvm-ubuntu-1/faults");
      assertThat(status.get()).isEqualTo("Up");
    }
    var notKvm = cm.postForEntity("/lab/estates/lab-cs-42x/hosts/ms1/faults?kind=disconnected", null, String.class);
    assertThat(notKvm.getStatusCode().value()).isEqualTo(400);
    assertThat(notKvm.getBody()).contains("host must be a KVM host", "ms1");
    e.reset();
  }

  @Test
  void usageMeterConsoleActionsChangeTheApplianceAndResetUndoesThem() throws Exception {
    var um = estates.find("lab-um-44").orElseThrow().host("um1").state();
    var cm = http.withBasicAuth("cm", "cm");
    assertThat(cm.postForEntity("/lab/estates/lab-um-44/usage-meter/cdrom?iso=Usage_Meter_Agent-4.7.0.0-21350286_Upgrade.iso",
        null, String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(org.upgradeflow.lab.usagemeter.UsageMeterConsole.cdromConnected(um)).isTrue();
    assertThat(cm.postForEntity("/lab/estates/lab-um-44/usage-meter/cdrom?iso=x.iso", null, String.class)
        .getStatusCode().value()).isEqualTo(400);
    assertThat(cm.postForEntity("/lab/estates/lab-um-44/usage-meter/offline", null, String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(cm.postForEntity("/lab/estates/lab-um-44/usage-meter/hostname?hostname=um-renamed", null, String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(cm.postForEntity("/lab/estates/lab-um-44/usage-meter/sshd/enable", null, String.class)
        .getStatusCode().value()).isEqualTo(200);
    assertThat(cm.postForEntity("/lab/estates/lab-cs-42x/usage-meter/sshd/enable", null, String.class)
        .getStatusCode().value()).isEqualTo(409);
    assertThat(um.hostname()).isEqualTo("um-renamed");
    assertThat(um.services().get("sshd").enabled()).isTrue();
    assertThat(um.services().get("tomcat").running()).isFalse();
    cm.delete("/lab/estates/lab-um-44/usage-meter/cdrom");
    assertThat(org.upgradeflow.lab.usagemeter.UsageMeterConsole.cdromConnected(um)).isFalse();

    cm.postForEntity("/lab/estates/lab-um-44/reset", null, String.class);
    assertThat(um.hostname()).isEqualTo("um1");
    assertThat(um.services().get("tomcat").running()).isTrue();
    assertThat(um.services().get("sshd").enabled()).isFalse();
  }
}
