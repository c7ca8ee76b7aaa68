package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;

class CloudDatabasesWiringTest {

  @EnableConfigurationProperties(CloudDbProperties.class)
  @Import(CloudDatabases.class)
  static class Wiring {
  }

  @EnableConfigurationProperties({CloudDbProperties.class, SshProperties.class})
  @Import({DatabaseBackups.class, SshjRemoteShell.class})
  static class BackupWiring {
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Wiring.class);

  @Test
  void defaultsWithoutConfiguration() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(CloudDatabases.class);
      assertThat(context.getBean(CloudDbProperties.class))
          .isEqualTo(CloudDbProperties.defaults());
    });
  }

  @Test
  void timeoutsAndNamesFromConfiguration() {
    runner.withPropertyValues("upgradeflow.clouddb.connect-timeout=2s",
        "upgradeflow.clouddb.socket-timeout=10s", "upgradeflow.clouddb.backup-dir=/srv/bk")
        .run(context -> {
          CloudDbProperties properties = context.getBean(CloudDbProperties.class);
          assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.socketTimeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(properties.database()).isEqualTo("cloud");
          assertThat(properties.backupDir()).isEqualTo("/srv/bk");
        });
  }

  @Test
  void backupsWithClientBinariesFromConfiguration() {
    new ApplicationContextRunner().withUserConfiguration(BackupWiring.class)
        .withPropertyValues("upgradeflow.clouddb.mysqldump-command=/usr/bin/mariadb-dump",
            "upgradeflow.clouddb.mysql-command=mariadb")
        .run(context -> {
          assertThat(context).hasSingleBean(DatabaseBackups.class);
          CloudDbProperties properties = context.getBean(CloudDbProperties.class);
          assertThat(properties.mysqldumpCommand()).isEqualTo("/usr/bin/mariadb-dump");
          assertThat(properties.mysqlCommand()).isEqualTo("mariadb");
        });
    runner.run(context -> {
      CloudDbProperties properties = context.getBean(CloudDbProperties.class);
      assertThat(properties.mysqldumpCommand()).isEqualTo("mysqldump");
      assertThat(properties.mysqlCommand()).isEqualTo("mysql");
    });
  }

  @Test
  void aClientBinaryWithShellSyntaxStopsTheStart() {
    runner.withPropertyValues("upgradeflow.clouddb.mysqldump-command=mysqldump; id")
        .run(context -> assertThat(context).hasFailed()
            .getFailure().rootCause().hasMessageContaining("mysqldump-command"));
  }
}
