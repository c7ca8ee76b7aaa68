package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;
import org.upgradeflow.environment.MasterCipher;

/**
 * Starts the service as an operator would outside the lab: users from config, ENC(...) passwords.
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
