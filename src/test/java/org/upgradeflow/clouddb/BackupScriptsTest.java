package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fixed templates: values quoted, no credentials, inspections parsed strictly. */
class BackupScriptsTest {

  private static final Instant AT = Instant.parse("2014-03-01T12:00:05Z");

  @Test
  void theDumpJobReadsCredentialsFromTheOptionFileOnly() {
    MysqldumpCommand dump = BackupPlan.create(CloudDbProperties.defaults(), "prod", AT).dumps()
        .get(0);
    String shown = BackupScripts.dump("mysqldump", dump).toString();
    assertThat(shown)
        .startsWith("bin='mysqldump'; opt='/var/backups/upgradeflow/.prod-20140301T120005Z.cnf';"
            + " db='cloud'; part='/var/backups/upgradeflow/prod-cloud-20140301T120005Z.sql.part';"
            + " final='/var/backups/upgradeflow/prod-cloud-20140301T120005Z.sql';"
            + " sum='/var/backups/upgradeflow/prod-cloud-20140301T120005Z.sql.sha256';")
        .contains("--defaults-extra-file=\"$opt\" --single-transaction --routines --triggers")
        .doesNotContain("password");
  }

  @Test
  void theRestoreRecreatesOnlyAValidatedDatabaseName() {
    String shown = BackupScripts.restore("mysql", "/b/.x.cnf", "cloud_usage", "/b/x.sql",
        "a".repeat(64)).toString();
    assertThat(shown).contains("recreate='DROP DATABASE IF EXISTS `cloud_usage`;"
        + " CREATE DATABASE `cloud_usage`'");
    assertThatThrownBy(() -> BackupScripts.restore("mysql", "/b/.x.cnf", "cloud`; DROP TABLE x",
        "/b/x.sql", "a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientBinariesAreProgramNamesOrAbsolutePaths() {
    CloudDbProperties d = CloudDbProperties.defaults();
    assertThat(d.withClients("/opt/mariadb/bin/mariadb-dump", "mariadb").mysqldumpCommand())
        .isEqualTo("/opt/mariadb/bin/mariadb-dump");
    for (String bad : new String[] {"", "--help", "mysqldump --all", "bin/mysqldump",
        "/opt/../bin/sh", "mysqldump;id", "$(id)"}) {
      assertThatThrownBy(() -> d.withClients(bad, "mysql")).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("mysqldump-command");
    }
    assertThatThrownBy(() -> new CloudDbProperties(Duration.ofSeconds(1), Duration.ofSeconds(1),
        "cloud-x", "cloud_usage", "/b", "mysqldump", "mysql"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
  }

  @Test
  void anInspectionIsCompleteWithTrailerAndChecksumOnly() {
    String sha = "0123456789abcdef".repeat(4);
    String tail = "UNLOCK TABLES;\n\n-- Dump completed on 2014-03-01 12:03:17\n";
    DatabaseBackups.FileCheck ok = DatabaseBackups.parseInspection("state=present\nsize=1234\n"
        + "sha256=" + sha + "  -\n" + BackupScripts.TAIL_MARK + "\n" + tail);
    assertThat(ok.complete()).isTrue();
    assertThat(ok.size()).isEqualTo(1234);
    assertThat(ok.sha256()).isEqualTo(sha);

    assertThat(DatabaseBackups.parseInspection("state=present\nsize=1234\nsha256=\n"
        + BackupScripts.TAIL_MARK + "\n" + tail).complete()).isFalse();
    assertThat(DatabaseBackups.parseInspection("state=present\nsize=1234\nsha256=" + sha + "  -\n"
        + BackupScripts.TAIL_MARK + "\nINSERT INTO `host` VALUES (1,").problem())
        .contains("does not end with");
    assertThat(DatabaseBackups.parseInspection("state=missing\n").problem())
        .isEqualTo("the file does not exist");
  }
}
