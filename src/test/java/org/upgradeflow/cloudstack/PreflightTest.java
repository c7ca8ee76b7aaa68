package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.Product;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.environment.SshCredentials;
import org.upgradeflow.remote.OpenSshServer;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.testing.MariaDbServer;

/** Pre-flight against a real sshd and a real CloudStack-shaped MariaDB; it only reads. */
class PreflightTest {

  @RegisterExtension
  static final OpenSshServer sshd = new OpenSshServer();

  static final String USER = "preflight";
  static final String PASSWORD = "Pre-Fl1ght-Pw";

  @TempDir
  Path tmp;
  SshjRemoteShell shell;
  MariaDbServer db;

  @BeforeEach
  void setUp() throws Exception {
    shell = new SshjRemoteShell(new SshProperties(null, null, null, tmp.resolve("step-logs"), null, null, null));
    db = MariaDbServer.get();
    db.loadCloudDatabase("clouddb/cloud-4.2.sql", USER, PASSWORD);
  }

  @AfterEach
  void tearDown() {
    shell.close();
  }

  private Environment estate(String dbPassword, int deadPort) throws Exception {
    Path knownHosts = sshd.writeKnownHosts(tmp.resolve("known_hosts"), "ed25519");
    SshCredentials ssh = new SshCredentials(sshd.user(), sshd.clientKey(), null);
    List<Host> hosts = List.of(
        new Host("ms1", "127.0.0.1", sshd.port(), HostRole.MANAGEMENT_SERVER, OsFamily.UBUNTU, ssh),
        new Host("db1", "127.0.0.1", sshd.port(), HostRole.DATABASE_HOST, OsFamily.UBUNTU, ssh),
        // same server under another name: known_hosts only vouches for [127.0.0.1]:port
        new Host("kvm1", "localhost", sshd.port(), HostRole.KVM_HOST, OsFamily.UBUNTU, ssh),
        new Host("kvm2", "127.0.0.1", deadPort, HostRole.KVM_HOST, OsFamily.RHEL, ssh));
    return new Environment("preflight", Product.CLOUDSTACK, null, knownHosts, "http://cloudstack.apt-get.eu",
        new DatabaseEndpoint(db.host(), db.port(), USER, Secret.of(dbPassword)), hosts, List.of(), List.of(),
        List.of("zone1", "zone2"), null, null, false);
  }

  private static int deadPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private PreflightReport.Check check(PreflightReport report, String name, String target) {
    return report.checks().stream().filter(c -> c.name().equals(name) && c.target().equals(target))
        .findFirst().orElseThrow();
  }

  @Test
  void reportsEveryHostTheDatabaseAndTheBackupSpace() throws Exception {
    Preflight preflight = new Preflight(shell, new CloudDatabases(CloudDbProperties.defaults()), CloudDbProperties.defaults());
    PreflightReport report = preflight.check(estate(PASSWORD, deadPort()));

    assertThat(check(report, "ssh", "ms1").passed()).isTrue();
    assertThat(check(report, "ssh", "db1").detail()).isEqualTo("reachable, host key known");
    assertThat(check(report, "ssh", "kvm1").passed()).isFalse();
    assertThat(check(report, "ssh", "kvm1").detail()).contains("kvm1").contains(sshd.fingerprint("ed25519"));
    assertThat(check(report, "ssh", "kvm2").passed()).isFalse();
    assertThat(check(report, "database", "database").detail()).startsWith("version 4.2.1, ").endsWith("user " + USER);
    assertThat(check(report, "hypervisors", "database").detail()).contains("KVM", "XenServer", "VMware");
    PreflightReport.Check space = check(report, "backup-space", "db1");
    assertThat(space.passed()).isTrue();
    assertThat(space.detail()).matches("\\d+ KiB free under /var/backups(/upgradeflow)?, backup needs about \\d+ KiB");
    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).extracting(PreflightReport.Check::target).containsExactlyInAnyOrder("kvm1", "kvm2");
  }

  @Test
  void aWrongDatabasePasswordFailsThatCheckWithoutShowingIt() throws Exception {
    Preflight preflight = new Preflight(shell, new CloudDatabases(CloudDbProperties.defaults()), CloudDbProperties.defaults());
    PreflightReport report = preflight.check(estate("not-the-password", deadPort()));
    PreflightReport.Check database = check(report, "database", "database");
    assertThat(database.passed()).isFalse();
    assertThat(database.detail()).contains(USER).doesNotContain("not-the-password");
    assertThat(check(report, "ssh", "ms1").passed()).isTrue();
  }

  @Test
  void readsTheAvailableColumnOfDf() {
    assertThat(FreeSpace.availableKilobytes("""
        Filesystem     1024-blocks     Used Available Capacity Mounted on
        /dev/vda         263174212 23115668 226596132      10% /
        """)).isEqualTo(226596132L);
    assertThat(Preflight.existingParent("/var/backups/upgradeflow")).isEqualTo("/var/backups");
    assertThat(Preflight.existingParent("/backups")).isEqualTo("/");
  }
}
