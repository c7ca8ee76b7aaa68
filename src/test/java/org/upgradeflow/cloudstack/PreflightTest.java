package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * Pre-flight against a real sshd, a real CloudStack-shaped MariaDB and a local web server as the
 * package repository (fetched with the machine's own curl over SSH); it only reads.
 */
class PreflightTest {

  @RegisterExtension
  static final OpenSshServer sshd = new OpenSshServer();

  static final String USER = "preflight";
  static final String PASSWORD = "Pre-Fl1ght-Pw";

  @TempDir
  Path tmp;
  SshjRemoteShell shell;
  MariaDbServer db;
  /** The repository: apt's Release of the 4.x suite, 404 elsewhere; as a proxy it sees absolute URLs. */
  HttpServer repository;
  final List<String> requests = new CopyOnWriteArrayList<>();
  Preflight preflight;

  @BeforeEach
  void setUp() throws Exception {
    shell = new SshjRemoteShell(new SshProperties(null, null, null, tmp.resolve("step-logs"), null, null, null));
    db = MariaDbServer.get();
    db.loadCloudDatabase("clouddb/cloud-4.2.sql", USER, PASSWORD);
    repository = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    repository.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().toString());
      byte[] body = "Suite: precise\nComponents: 4.3\n".getBytes(StandardCharsets.UTF_8);
      boolean found = exchange.getRequestURI().getPath().equals("/ubuntu/dists/precise/Release");
      exchange.sendResponseHeaders(found ? 200 : 404, found ? body.length : -1);
      if (found) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    repository.start();
    preflight = new Preflight(shell, new CloudDatabases(CloudDbProperties.defaults()), CloudDbProperties.defaults(),
        new PathProperties(null, null, null, null, null, Duration.ofSeconds(5), null));
  }

  @AfterEach
  void tearDown() {
    shell.close();
    repository.stop(0);
  }

  private String repositoryUrl() {
    return "http://127.0.0.1:" + repository.getAddress().getPort();
  }

  private Environment estate(String dbPassword, int deadPort) throws Exception {
    return estate(dbPassword, deadPort, repositoryUrl(), null);
  }

  private Environment estate(String dbPassword, int deadPort, String repositoryUrl, String proxy) throws Exception {
    Path knownHosts = sshd.writeKnownHosts(tmp.resolve("known_hosts"), "ed25519");
    SshCredentials ssh = new SshCredentials(sshd.user(), sshd.clientKey(), null);
    List<Host> hosts = List.of(
        new Host("ms1", "127.0.0.1", sshd.port(), HostRole.MANAGEMENT_SERVER, OsFamily.UBUNTU, ssh),
        new Host("db1", "127.0.0.1", sshd.port(), HostRole.DATABASE_HOST, OsFamily.UBUNTU, ssh),
        // same server under another name: known_hosts only vouches for [127.0.0.1]:port
        new Host("kvm1", "localhost", sshd.port(), HostRole.KVM_HOST, OsFamily.UBUNTU, ssh),
        new Host("kvm2", "127.0.0.1", deadPort, HostRole.KVM_HOST, OsFamily.RHEL, ssh));
    return new Environment("preflight", Product.CLOUDSTACK, null, knownHosts, repositoryUrl,
        new DatabaseEndpoint(db.host(), db.port(), USER, Secret.of(dbPassword)), hosts, List.of(), List.of(),
        List.of("zone1", "zone2"), proxy, null, false);
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
    assertThat(check(report, "repository", "ms1").passed()).isTrue();
    assertThat(check(report, "repository", "ms1").detail())
        .isEqualTo("GET " + repositoryUrl() + "/ubuntu/dists/precise/Release: HTTP 200");
    // the database host installs nothing from the repository
    assertThat(report.checks()).noneMatch(c -> c.name().equals("repository") && c.target().equals("db1"));
    assertThat(check(report, "repository", "kvm2").detail())
        .startsWith("GET " + repositoryUrl() + "/rhel/4.3/repodata/repomd.xml not tried: ");
    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).extracting(c -> c.name() + " " + c.target()).containsExactlyInAnyOrder(
        "ssh kvm1", "ssh kvm2", "repository kvm1", "repository kvm2");
  }

  @Test
  void aRepositoryTheHostCannotFetchFailsNamingHostUrlAndCurlsError() throws Exception {
    int dead = deadPort();
    PreflightReport.Check missingPath = check(preflight.check(estate(PASSWORD, dead, repositoryUrl() + "/mirror", null)),
        "repository", "ms1");
    assertThat(missingPath.passed()).isFalse();
    assertThat(missingPath.detail()).isEqualTo("GET " + repositoryUrl() + "/mirror/ubuntu/dists/precise/Release failed"
        + " (curl exit 22, HTTP 404): curl: (22) The requested URL returned error: 404");

    PreflightReport.Check unknownHost = check(preflight.check(estate(PASSWORD, dead, "http://repo.invalid", null)),
        "repository", "ms1");
    assertThat(unknownHost.passed()).isFalse();
    assertThat(unknownHost.detail()).startsWith("GET http://repo.invalid/ubuntu/dists/precise/Release failed (curl exit 6,")
        .contains("Could not resolve host: repo.invalid");

    PreflightReport.Check refused = check(preflight.check(estate(PASSWORD, dead, "http://127.0.0.1:" + dead, null)),
        "repository", "ms1");
    assertThat(refused.detail()).contains("(curl exit 7, HTTP 000): curl: (7) Failed to connect to 127.0.0.1 port " + dead);
  }

  @Test
  void theRepositoryIsFetchedThroughTheEstatesProxy() throws Exception {
    // repo.invalid resolves nowhere: only the proxy (our web server) can answer for it
    PreflightReport report = preflight.check(estate(PASSWORD, deadPort(), "http://repo.invalid", repositoryUrl()));
    assertThat(check(report, "repository", "ms1").detail())
        .isEqualTo("GET http://repo.invalid/ubuntu/dists/precise/Release: HTTP 200");
    assertThat(requests).contains("http://repo.invalid/ubuntu/dists/precise/Release");
  }

  @Test
  void aWrongDatabasePasswordFailsThatCheckWithoutShowingIt() throws Exception {
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
