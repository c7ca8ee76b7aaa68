package org.upgradeflow.clouddb;

import org.upgradeflow.testing.MariaDbServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD42;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.upgradeflow.environment.Secret;

/**
 * The backup commands for real: the MariaDB distribution's own dump and client binaries run
 * locally what the SSH adapter will run on the database host, as the non-root adapter user.
 */
class BackupRoundTripTest {

  @RegisterExtension
  static final CloudDbFixture db = new CloudDbFixture();

  private static final String RESTORED = "restored42";
  private static final List<String> TABLES = List.of("version", "host", "vm_template",
      "template_store_ref", "image_store", "storage_pool", "cluster_details",
      "vmware_data_center", "configuration", "vm_instance", "mshost");

  @Test
  void dumpVerifyRestoreGivesTheSameRows() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "clouddb-backups").toAbsolutePath());
    CloudDbProperties properties = new CloudDbProperties(CloudDbProperties.defaults()
        .connectTimeout(), CloudDbProperties.defaults().socketTimeout(), CLOUD42, "unused",
        dir.toString(), "mysqldump", "mysql");
    BackupPlan plan = BackupPlan.create(properties, "lab-cs-42x", Instant.now());
    MysqldumpCommand dump = plan.dumps().get(0);
    Files.deleteIfExists(Path.of(dump.targetFile()));

    MariaDbServer server = MariaDbServer.get();
    Secret options = MysqlOptionFile.content(CloudDbFixture.USER,
        Secret.of(CloudDbFixture.PASSWORD), server.host(), server.port());
    Path optionFile = Path.of(plan.optionFile());
    Files.deleteIfExists(optionFile);
    Files.createFile(optionFile, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(optionFile, options.reveal());
    try (Connection c = server.adminConnection("mysql"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + RESTORED);
      s.execute("CREATE DATABASE " + RESTORED);
      s.execute("GRANT ALL ON " + RESTORED + ".* TO '" + CloudDbFixture.USER + "'@'%'");
    }

    try {
      run(withBinary(dump.dumpArgv(), server.binDir(), "mariadb-dump"), null);
      String text = Files.readString(Path.of(dump.targetFile()), StandardCharsets.UTF_8);
      String tail = text.substring(Math.max(0, text.length() - 400));
      assertThat(DumpVerifier.verifyTail(tail).complete()).as(tail).isTrue();
      assertThat(text).doesNotContain(CloudDbFixture.PASSWORD);

      // restore into a fresh database: the dump has no CREATE DATABASE/USE, so any name works
      List<String> restore = new ArrayList<>(withBinary(dump.restoreArgv(), server.binDir(),
          "mariadb"));
      restore.set(restore.size() - 1, RESTORED);
      run(restore, new File(dump.restoreInputFile()));

      for (String table : TABLES) {
        String sql = "SELECT * FROM " + table + " ORDER BY 1, 2";
        assertThat(db.rows(RESTORED, sql)).as(table).isEqualTo(db.rows(CLOUD42, sql))
            .isNotEmpty();
      }
      // and the adapter reads the restored copy like the original
      assertThat(new CloudDatabases(CloudDbProperties.defaults())
          .forEndpoint(db.endpoint(), RESTORED).currentVersion()).contains("4.2.1");

      // a dump cut short is caught
      String truncated = text.substring(0, text.length() / 2);
      assertThat(DumpVerifier.verifyTail(truncated).complete()).isFalse();
    } finally {
      Files.deleteIfExists(optionFile);
    }
  }

  private static List<String> withBinary(List<String> argv, File binDir, String binary) {
    List<String> local = new ArrayList<>(argv);
    local.set(0, new File(binDir, binary).getAbsolutePath());
    return local;
  }

  private static void run(List<String> argv, File stdin) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.redirectOutput(Path.of("target", "clouddb-backups", "last-command.log").toFile());
    if (stdin != null) {
      builder.redirectInput(stdin);
    }
    Process process = builder.start();
    // a bound, not a timing assertion: a hung client must not hang the build
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("finished: %s", argv).isTrue();
    assertThat(process.exitValue()).as("exit of %s: %s", argv, Files.readString(
        Path.of("target", "clouddb-backups", "last-command.log"))).isZero();
  }
}
