package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.upgradeflow.environment.Secret;

class BackupPlanTest {

  private static final Instant AT = Instant.parse("2014-03-01T12:00:05Z");

  @Test
  void dumpsCloudAndCloudUsageIntoTimestampedFiles() {
    BackupPlan plan = BackupPlan.create(CloudDbProperties.defaults(), "lab-cs-42x", AT);

    assertThat(plan.stamp()).isEqualTo("20140301T120005Z");
    assertThat(plan.dumps()).extracting(MysqldumpCommand::database, MysqldumpCommand::targetFile)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("cloud",
                "/var/backups/upgradeflow/lab-cs-42x-cloud-20140301T120005Z.sql"),
            org.assertj.core.api.Assertions.tuple("cloud_usage",
                "/var/backups/upgradeflow/lab-cs-42x-cloud_usage-20140301T120005Z.sql"));
    assertThat(plan.optionFile())
        .isEqualTo("/var/backups/upgradeflow/.lab-cs-42x-20140301T120005Z.cnf");
  }

  @Test
  void commandsCarryNoPasswordAndReadTheOptionFileFirst() {
    MysqldumpCommand dump =
        BackupPlan.create(CloudDbProperties.defaults(), "prod", AT).dumps().get(0);
    assertThat(dump.dumpArgv()).containsExactly("mysqldump",
        "--defaults-extra-file=/var/backups/upgradeflow/.prod-20140301T120005Z.cnf",
        "--single-transaction", "--routines", "--triggers",
        "--result-file=/var/backups/upgradeflow/prod-cloud-20140301T120005Z.sql", "cloud");
    assertThat(dump.restoreArgv()).containsExactly("mysql",
        "--defaults-extra-file=/var/backups/upgradeflow/.prod-20140301T120005Z.cnf", "cloud");
    assertThat(dump.restoreInputFile()).isEqualTo(dump.targetFile());
    assertThat(dump.trailer()).isEqualTo("-- Dump completed");
  }

  @Test
  void theSameStartTimeGivesTheSamePlan() {
    // a retried job must find the files of its first attempt
    assertThat(BackupPlan.create(CloudDbProperties.defaults(), "prod", AT))
        .isEqualTo(BackupPlan.create(CloudDbProperties.defaults(), "prod", AT));
  }

  @Test
  void backupDirAndEnvironmentIdAreValidated() {
    CloudDbProperties relative = new CloudDbProperties(Duration.ofSeconds(1),
        Duration.ofSeconds(1), "cloud", "cloud_usage", "backups", "mysqldump", "mysql");
    CloudDbProperties quoted = new CloudDbProperties(Duration.ofSeconds(1),
        Duration.ofSeconds(1), "cloud", "cloud_usage", "/tmp/x'; rm -rf /", "mysqldump", "mysql");
    CloudDbProperties dotted = new CloudDbProperties(Duration.ofSeconds(1),
        Duration.ofSeconds(1), "cloud", "cloud_usage", "/var/../etc", "mysqldump", "mysql");
    assertThatThrownBy(() -> BackupPlan.create(relative, "prod", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BackupPlan.create(quoted, "prod", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BackupPlan.create(dotted, "prod", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BackupPlan.create(CloudDbProperties.defaults(), "../x", AT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void optionFileQuotesThePassword() {
    Secret content = MysqlOptionFile.content("cloud", Secret.of("p#ss \"w\\rd"), null, null);
    assertThat(content.reveal())
        .isEqualTo("[client]\nuser=\"cloud\"\npassword=\"p#ss \\\"w\\\\rd\"\n");
    assertThat(content.toString()).isEqualTo(Secret.MASK);
  }

  @Test
  void aDumpEndingWithTheTrailerIsComplete() {
    String tail = "UNLOCK TABLES;\n/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\n"
        + "-- Dump completed on 2014-03-01 12:03:17\n";
    assertThat(DumpVerifier.verifyTail(tail).complete()).isTrue();
    assertThat(DumpVerifier.verifyTail("...\n-- Dump completed\n").complete()).isTrue();
  }

  @Test
  void aDumpCutShortIsIncomplete() {
    DumpVerifier.Verification cut =
        DumpVerifier.verifyTail("INSERT INTO `host` VALUES (1,'kvm01'),(2,'kv");
    assertThat(cut.complete()).isFalse();
    assertThat(cut.reason()).contains("does not end with '-- Dump completed'");
    assertThat(DumpVerifier.verifyTail("").complete()).isFalse();
    // the trailer must be the last line, not merely somewhere in the text
    assertThat(DumpVerifier.verifyTail("-- Dump completed on x\nINSERT INTO t VALUES (1);")
        .complete()).isFalse();
  }

  @Test
  void sha256sumOutputIsParsedForTheRightFile() {
    String sum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    assertThat(DumpVerifier.sha256(sum + "  /b/cloud.sql\n", "/b/cloud.sql")).contains(sum);
    assertThat(DumpVerifier.sha256(sum + "  /b/other.sql\n", "/b/cloud.sql")).isEmpty();
    assertThat(DumpVerifier.sha256("sha256sum: /b/cloud.sql: No such file", "/b/cloud.sql"))
        .isEmpty();
  }
}
