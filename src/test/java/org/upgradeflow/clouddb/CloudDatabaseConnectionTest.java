package org.upgradeflow.clouddb;

import org.upgradeflow.testing.MariaDbServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.upgradeflow.clouddb.CloudDbFixture.CLOUD41;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Product;
import org.upgradeflow.environment.Secret;

@ExtendWith(OutputCaptureExtension.class)
class CloudDatabaseConnectionTest {

  @RegisterExtension
  static final CloudDbFixture db = new CloudDbFixture();

  private static final String WRONG_PASSWORD = "Wr0ng-Secret-Pw";

  @Test
  void wrongPasswordNamesHostPortAndUserButNotThePassword(CapturedOutput output) {
    CloudDatabase cloud = new CloudDatabases(CloudDbProperties.defaults())
        .forEndpoint(db.endpoint(WRONG_PASSWORD), CLOUD41);

    assertThatThrownBy(cloud::currentVersion)
        .isInstanceOf(CloudDatabaseException.class)
        .hasMessageContaining("127.0.0.1:" + MariaDbServer.get().port())
        .hasMessageContaining("user '" + CloudDbFixture.USER + "'")
        .hasMessageContaining("Access denied")
        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(WRONG_PASSWORD)
            .doesNotContain(CloudDbFixture.PASSWORD));
    assertThat(cloud.toString()).doesNotContain(WRONG_PASSWORD);
    assertThat(output.getAll()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void theRightPasswordOfANonRootUserIsUsed() {
    assertThat(db.database(CLOUD41).currentVersion()).contains("4.1.1");
  }

  @Test
  void aSchemaTheUserHasNoGrantsOnIsRefused() {
    CloudDatabase cloud = new CloudDatabases(CloudDbProperties.defaults())
        .forEndpoint(db.endpoint(), "mysql");
    assertThatThrownBy(cloud::currentVersion).isInstanceOf(CloudDatabaseException.class)
        .hasMessageContaining("'mysql'");
  }

  @Test
  void nothingListeningIsAClearError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    DatabaseEndpoint nowhere =
        new DatabaseEndpoint("127.0.0.1", port, "cloud", Secret.of("some-Secret-1"));
    CloudDbProperties quick = new CloudDbProperties(Duration.ofSeconds(2), Duration.ofSeconds(2),
        "cloud", "cloud_usage", "/tmp", "mysqldump", "mysql");
    CloudDatabase cloud = new CloudDatabases(quick).forEndpoint(nowhere);
    assertThatThrownBy(cloud::managementServers).isInstanceOf(CloudDatabaseException.class)
        .hasMessageContaining("cannot connect")
        .hasMessageContaining("127.0.0.1:" + port)
        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("some-Secret-1"));
  }

  @Test
  void forEnvironmentUsesItsDatabaseEndpoint() {
    Environment environment = new Environment("lab-cs-41x", Product.values()[0], "test",
        Path.of("known_hosts"), "http://repo", db.endpoint(), List.of(), List.of(), List.of(),
        List.of(), null, null, false);
    CloudDatabase cloud = new CloudDatabases(CloudDbProperties.defaults().withDatabase(CLOUD41))
        .forEnvironment(environment);
    assertThat(cloud.currentVersion()).contains("4.1.1");
  }

  @Test
  void hostsThatCouldInjectUrlParametersAreRejected() {
    DatabaseEndpoint sneaky = new DatabaseEndpoint("db/x?allowLoadLocalInfile=true", 3306,
        "cloud", Secret.of("x"));
    assertThatThrownBy(() -> new CloudDatabases(CloudDbProperties.defaults()).forEndpoint(sneaky))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
