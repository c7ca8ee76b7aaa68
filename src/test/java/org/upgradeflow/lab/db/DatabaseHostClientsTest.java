package org.upgradeflow.lab.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.clouddb.BackupId;
import org.upgradeflow.clouddb.BackupRecord;
import org.upgradeflow.clouddb.BackupStatus;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.clouddb.DatabaseBackups;
import org.upgradeflow.clouddb.RestoreStatus;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.testing.LabRig;

/**
 * The lab database host's {@code mysqldump} and {@code mysql} for real, driven the way the
 * service drives them: {@link DatabaseBackups} over SSH, detached jobs, option file, checksum,
 * restore; judged by the estate's database rows and the host's journal.
 */
class DatabaseHostClientsTest {

  static final Duration SAFETY = Duration.ofMinutes(3);

  @TempDir
  static Path dir;
  static LabRig rig;
  static LabEstate estate;
  static SshjRemoteShell shell;
  static DatabaseBackups backups;
  static Environment env;

  @BeforeAll
  static void start() {
    rig = LabRig.start(dir, "lab-cs-42x");
    estate = rig.estate("lab-cs-42x");
    env = estate.environment();
    shell = new SshjRemoteShell(new SshProperties(null, null, null, dir.resolve("step-logs"), null, null, null));
    backups = new DatabaseBackups(shell, CloudDbProperties.defaults());
  }

  @AfterAll
  static void stop() {
    shell.close();
    rig.close();
  }

  @BeforeEach
  void reset() {
    estate.reset();
  }

  @Test
  void aBackupOnTheDatabaseHostIsARealDumpThatRestoresTheRows() throws Exception {
    BackupId id = new BackupId(Instant.parse("2026-11-23T10:00:00Z"), true);
    backups.start(env, "run-1", id);
    BackupStatus status = awaitBackup("run-1", id);
    assertThat(status.state()).as(status.failureSummary()).isEqualTo(BackupStatus.State.COMPLETE);
    assertThat(status.records()).extracting(BackupRecord::database).containsExactly("cloud", "cloud_usage");
    assertThat(status.records()).allSatisfy(r -> assertThat(r.size()).isGreaterThan(1000));

    // the upgrade (or anything else) changes rows and adds a table
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement()) {
      s.execute("UPDATE configuration SET value = '8096' WHERE name = 'integration.api.port'");
      s.execute("INSERT INTO version (version, updated, step) VALUES ('4.3.2', NOW(), 'Complete')");
      s.execute("CREATE TABLE added_by_upgrade (id int)");
    }
    BackupRecord cloud = status.records().get(0);
    backups.startRestore(env, "rollback-1", cloud);
    RestoreStatus restored = awaitRestore("rollback-1", cloud);
    assertThat(restored.state()).as(restored.reason() + "\n" + restored.logTail()).isEqualTo(RestoreStatus.State.COMPLETE);

    assertThat(estate.database().orElseThrow().currentVersion()).contains(estate.definition().release());
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT value FROM configuration WHERE name = 'integration.api.port'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isNull();
      }
      try (ResultSet rs = s.executeQuery("SHOW TABLES LIKE 'added_by_upgrade'")) {
        assertThat(rs.next()).as("a table the upgrade added survives the restore").isFalse();
      }
    }
    List<String> journal = estate.host("db1").state().journal().commands();
    assertThat(journal).anyMatch(l -> l.contains("--defaults-extra-file=") && l.contains("--result-file="));
    String password = env.database().password().reveal();
    assertThat(journal).noneMatch(l -> l.contains(password));
  }

  @Test
  void aCloudOnlyBackupLeavesTheUsageDatabaseAlone() throws Exception {
    BackupId id = new BackupId(Instant.parse("2026-11-23T11:00:00Z"), false);
    backups.start(env, "run-2", id);
    BackupStatus status = awaitBackup("run-2", id);
    assertThat(status.state()).as(status.failureSummary()).isEqualTo(BackupStatus.State.COMPLETE);
    assertThat(status.records()).extracting(BackupRecord::database).containsExactly("cloud");
  }

  @Test
  void aWrongPasswordFailsTheDumpWithTheClientsError() throws Exception {
    try (Connection c = estate.database().orElseThrow().server().adminConnection("mysql");
        Statement s = c.createStatement()) {
      s.execute("ALTER USER 'cloud'@'%' IDENTIFIED BY 'changed-behind-our-back'");
    }
    try {
      BackupId id = new BackupId(Instant.parse("2026-11-23T12:00:00Z"), false);
      backups.start(env, "run-3", id);
      BackupStatus status = awaitBackup("run-3", id);
      assertThat(status.state()).isEqualTo(BackupStatus.State.FAILED);
      assertThat(status.failureSummary()).contains("Access denied for user 'cloud'");
    } finally {
      try (Connection c = estate.database().orElseThrow().server().adminConnection("mysql");
          Statement s = c.createStatement()) {
        s.execute("ALTER USER 'cloud'@'%' IDENTIFIED BY '" + env.database().password().reveal() + "'");
      }
    }
  }

  private static BackupStatus awaitBackup(String runId, BackupId id) throws InterruptedException {
    long deadline = System.nanoTime() + SAFETY.toNanos();
    while (true) {
      BackupStatus s = backups.poll(env, runId, id);
      if (s.state() != BackupStatus.State.RUNNING) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        fail("backup still running after the safety limit of " + SAFETY + ": " + s);
      }
      Thread.sleep(100);
    }
  }

  private static RestoreStatus awaitRestore(String restoreId, BackupRecord record) throws InterruptedException {
    long deadline = System.nanoTime() + SAFETY.toNanos();
    while (true) {
      RestoreStatus s = backups.pollRestore(env, restoreId, record);
      if (s.state() != RestoreStatus.State.RUNNING) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        fail("restore still running after the safety limit of " + SAFETY + ": " + s);
      }
      Thread.sleep(100);
    }
  }
}
