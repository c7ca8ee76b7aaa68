package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.testing.MariaDbServer;

/** The dry-run plan over HTTP, read from a real CloudStack-shaped database; nothing is changed. */
@ServiceTest
class PlanApiTest {

  static final String USER = "planreader";
  static final String PASSWORD = "Pl4n-Reader-Pw";

  @Autowired TestRestTemplate http;
  @Autowired EnvironmentRegistry registry;

  MariaDbServer db;

  @BeforeEach
  void loadA42Database() throws Exception {
    db = MariaDbServer.get();
    db.loadCloudDatabase("clouddb/cloud-4.2.sql", USER, PASSWORD);
    Environment base = PlanBuilderTest.estate();
    List<Host> hosts = new ArrayList<>(base.hosts());
    registry.register(new Environment("plan-api", base.product(), null, base.knownHosts(), base.repositoryUrl(),
        new DatabaseEndpoint(db.host(), db.port(), USER, Secret.of(PASSWORD)), hosts, List.of(), List.of(),
        base.zones(), null, null, false));
  }


  @Test
  void rendersThePlanOfTheEstatesVersionWithoutSecrets() throws Exception {
    var response = http.withBasicAuth("ops", "ops").getForEntity("/api/environments/plan-api/plan", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    Map<?, ?> plan = http.withBasicAuth("ops", "ops").getForObject("/api/environments/plan-api/plan", Map.class);

    assertThat(plan.get("processId")).isEqualTo("CloudStack42xTo43");
    assertThat(plan.get("sourceVersion")).asString().startsWith("4.2.");
    assertThat(response.getBody()).contains("Gate_SystemVmTemplates", "CallActivity_RestartSystemVms",
        "cloudstack-sysvmadm -d '127.0.0.1' -u 'planreader' -p ", "sysvmadm.pw").doesNotContain(PASSWORD, PlanBuilderTest.DB_PASSWORD);
  }

  @Test
  void refusesASourceWithoutAPathWith409AndTheWayForward() throws Exception {
    try (Connection c = db.adminConnection("cloud"); Statement s = c.createStatement()) {
      s.execute("DELETE FROM version");
      s.execute("INSERT INTO version (version, updated, step) VALUES ('2.2.13', NOW(), 'Complete')");
    }
    var response = http.withBasicAuth("cm", "cm").getForEntity("/api/environments/plan-api/plan", Map.class);
    assertThat(response.getStatusCode().value()).isEqualTo(409);
    assertThat(response.getBody().get("error"))
        .isEqualTo("CloudStack 2.2.13 cannot be upgraded to 4.3 directly: upgrade to 2.2.14 first");
  }

  @Test
  void anUnreachableDatabaseIs502WithoutThePassword() {
    Environment base = PlanBuilderTest.estate();
    registry.register(new Environment("plan-nodb", base.product(), null, base.knownHosts(), base.repositoryUrl(),
        new DatabaseEndpoint("127.0.0.1", 9, USER, Secret.of(PASSWORD)), base.hosts(), List.of(), List.of(),
        base.zones(), null, null, false));
    var response = http.withBasicAuth("ops", "ops").getForEntity("/api/environments/plan-nodb/plan", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(502);
    assertThat(response.getBody()).contains("127.0.0.1").doesNotContain(PASSWORD);
  }
}
