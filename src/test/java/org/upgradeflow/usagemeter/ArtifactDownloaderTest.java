package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server on the loopback (the JDK's), into a real folder. */
class ArtifactDownloaderTest {

  static final String ISO_45 = "Usage_Meter_Agent-21350286_Upgrade.iso";
  static final List<String> FILES_45 = List.of(ISO_45, "Usage_Meter_Agent-21350286",
      "Usage_Meter_Agent-21350286_Upgrade.crt", "Usage_Meter_Agent-21350286_Upgrade.sign");

  @TempDir
  static Path dir;
  static ArtifactServer server;
  static String url45;

  @BeforeAll
  static void serve() throws Exception {
    Path a45 = Files.createDirectories(dir.resolve("a45"));
    new OpensslArtifacts(a45).release45("21350286");
    server = new ArtifactServer();
    url45 = server.serve("um45", a45);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Path download(String url, Path folder) {
    List<String> progress = new ArrayList<>();
    return new ArtifactDownloader(Duration.ofSeconds(10))
        .download(ArtifactSource.parse(url, "artifacts"), UsageMeterPath.TO_45, folder, progress::add);
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void fetchesThePathsFilesFromTheListingAndKeepsThemWhenRunAgain() throws Exception {
    Path folder = dir.resolve("cache-listing");
    download(url45, folder);
    assertThat(names(folder)).containsExactlyInAnyOrderElementsOf(FILES_45); // only what 4.5 needs, no .part
    assertThat(Files.readAllBytes(folder.resolve(ISO_45))).isEqualTo(Files.readAllBytes(dir.resolve("a45").resolve(ISO_45)));
    assertThat(server.gets(ISO_45)).isEqualTo(1);

    download(url45, folder); // safe to run twice: same sizes, nothing fetched again
    assertThat(server.gets(ISO_45)).isEqualTo(1);

    Files.write(folder.resolve(ISO_45), new byte[] {1, 2, 3}); // a copy of another size is replaced
    download(url45, folder);
    assertThat(server.gets(ISO_45)).isEqualTo(2);
    assertThat(Files.size(folder.resolve(ISO_45))).isEqualTo(Files.size(dir.resolve("a45").resolve(ISO_45)));
  }

  @Test
  void aUrlNamingTheIsoFetchesItsCompanionsBesideIt() throws Exception {
    Path folder = dir.resolve("cache-iso");
    download(url45 + ISO_45, folder);
    assertThat(names(folder)).containsExactlyInAnyOrderElementsOf(FILES_45);
  }

  @Test
  void anHttpErrorNamesTheUrlAndTheStatusAndLeavesNothing() throws Exception {
    server.statusFor.put("Usage_Meter_Agent-21350286_Upgrade.sign", 404);
    try {
      Path folder = dir.resolve("cache-404");
      assertThatThrownBy(() -> download(url45, folder)).isInstanceOf(ArtifactVerificationException.class)
          .hasMessage("artifacts: GET " + url45 + "Usage_Meter_Agent-21350286_Upgrade.sign answered HTTP 404");
      assertThat(names(folder)).doesNotContain("Usage_Meter_Agent-21350286_Upgrade.sign")
          .noneMatch(n -> n.endsWith(".part"));
    } finally {
      server.statusFor.clear();
    }
    assertThatThrownBy(() -> download(server.base() + "/nothing-here/", dir.resolve("cache-none")))
        .hasMessage("artifacts: GET " + server.base() + "/nothing-here/ answered HTTP 404");
  }

  @Test
  void aBodyCutShortIsNeverUsed() throws Exception {
    server.truncated.add(ISO_45);
    try {
      Path folder = dir.resolve("cache-short");
      assertThatThrownBy(() -> download(url45, folder)).hasMessageStartingWith("artifacts: GET " + url45 + ISO_45);
      assertThat(names(folder)).doesNotContain(ISO_45).noneMatch(n -> n.endsWith(".part"));
    } finally {
      server.truncated.clear();
    }
  }

  @Test
  void credentialsInTheUrlAreSentAsBasicAuthAndNeverShown() throws Exception {
    String expected = "Basic " + Base64.getEncoder().encodeToString("deploy:s3cr3t pass".getBytes());
    server.requiredAuthorization = expected;
    try {
      String withUser = url45.replace("http://", "http://deploy:s3cr3t%20pass@");
      ArtifactSource source = ArtifactSource.parse(withUser, "artifacts");
      assertThat(source.toString()).isEqualTo(url45.replace("http://", "http://***@")).doesNotContain("s3cr3t");
      Path folder = download(withUser, dir.resolve("cache-auth"));
      assertThat(names(folder)).containsExactlyInAnyOrderElementsOf(FILES_45);
      assertThat(server.authorizations).contains(expected);

      String wrong = url45.replace("http://", "http://deploy:wrong@");
      assertThatThrownBy(() -> download(wrong, dir.resolve("cache-wrong")))
          .hasMessageContaining("http://***@127.0.0.1").hasMessageContaining("HTTP 401")
          .hasMessageNotContaining("wrong").hasMessageNotContaining("deploy");
    } finally {
      server.requiredAuthorization = null;
    }
  }

  @Test
  void onlyHttpAndHttpsUrlsAreAccepted() {
    assertThatThrownBy(() -> ArtifactSource.parse("ftp://user:pw@files.example/um/", "artifacts"))
        .hasMessage("artifacts: expected a directory or an http(s) URL with a host, got ftp://***@files.example/um/");
    assertThat(ArtifactSource.parse("/srv/um", "artifacts").remote()).isFalse();
  }
}
