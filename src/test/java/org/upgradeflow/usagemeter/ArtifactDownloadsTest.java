package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download off the job executor as the fetch step sees it, poll by poll, against a real HTTP
 * server: running while a file is held back, done once it is released, refused past the time limit.
 */
class ArtifactDownloadsTest {

  static final String ISO = "Usage_Meter_Agent-21350286_Upgrade.iso";

  @TempDir
  static Path dir;
  static ArtifactServer server;
  static String url;

  /** a clock the test moves: the time limit without waiting for it */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @BeforeAll
  static void serve() throws Exception {
    Path a45 = Files.createDirectories(dir.resolve("a45"));
    new OpensslArtifacts(a45).release45("21350286");
    server = new ArtifactServer();
    url = server.serve("um45", a45);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ArtifactDownloads downloads(Path cache, TestClock clock) {
    return new ArtifactDownloads(new UsageMeterProperties(null, cache, Duration.ofMinutes(30), Duration.ofSeconds(10),
        null, null, null, null, null, null, null, null, null), clock);
  }

  /** Polls as the timer would until the download is no longer running (the server answers in milliseconds). */
  private static ArtifactDownloads.Status untilSettled(ArtifactDownloads downloads, ArtifactSource source)
      throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      ArtifactDownloads.Status s = downloads.poll(source, UsageMeterPath.TO_45);
      if (s.state() != ArtifactDownloads.State.RUNNING) {
        return s;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("download still running");
  }

  @Test
  void aHeldDownloadIsRunningUntilReleasedThenDoneInTheUrlsOwnFolder() throws Exception {
    CountDownLatch latch = new CountDownLatch(1);
    server.held.put(ISO, latch);
    TestClock clock = new TestClock();
    ArtifactDownloads downloads = downloads(dir.resolve("cache-held"), clock);
    ArtifactSource source = ArtifactSource.parse(url, "artifacts");
    try {
      assertThat(downloads.poll(source, UsageMeterPath.TO_45).state()).isEqualTo(ArtifactDownloads.State.RUNNING);
      clock.now = clock.now.plus(Duration.ofMinutes(10)); // polls later: still running, not started twice
      assertThat(downloads.poll(source, UsageMeterPath.TO_45).state()).isEqualTo(ArtifactDownloads.State.RUNNING);
      latch.countDown();
      ArtifactDownloads.Status done = untilSettled(downloads, source);
      assertThat(done.state()).as(done.detail()).isEqualTo(ArtifactDownloads.State.DONE);
      assertThat(done.folder()).isEqualTo(downloads.folder(source)).startsWith(dir.resolve("cache-held"));
      assertThat(done.folder().getFileName().toString()).startsWith("127.0.0.1-");
      assertThat(done.folder().resolve(ISO)).exists();
      assertThat(server.gets(ISO)).isEqualTo(1);
    } finally {
      server.held.clear();
      downloads.stop();
    }
  }

  /** repeated: the time limit may strike before the download's thread has begun, or while it reads */
  @RepeatedTest(5)
  void aDownloadPastTheTimeLimitIsRefusedAndTheNextPollStartsAfresh() throws Exception {
    CountDownLatch latch = new CountDownLatch(1);
    server.held.put(ISO, latch);
    TestClock clock = new TestClock();
    ArtifactDownloads downloads = downloads(Files.createTempDirectory(dir, "cache-slow"), clock);
    ArtifactSource source = ArtifactSource.parse(url.replace("http://", "http://deploy:pw@"), "artifacts");
    try {
      assertThat(downloads.poll(source, UsageMeterPath.TO_45).state()).isEqualTo(ArtifactDownloads.State.RUNNING);
      clock.now = clock.now.plus(Duration.ofMinutes(31));
      ArtifactDownloads.Status failed = downloads.poll(source, UsageMeterPath.TO_45);
      assertThat(failed.state()).isEqualTo(ArtifactDownloads.State.FAILED);
      assertThat(failed.detail()).startsWith("artifacts: downloading from http://***@127.0.0.1:")
          .contains("took longer than upgradeflow.usage-meter.download-timeout (PT30M)").doesNotContain("pw");
      assertThat(downloads.folder(source).resolve(ISO)).doesNotExist();
      // the stopped download lets go although the server still holds the file back; then a new one starts
      String detail = "waiting";
      for (int i = 0; i < 250 && detail.startsWith("waiting"); i++) {
        ArtifactDownloads.Status s = downloads.poll(source, UsageMeterPath.TO_45);
        assertThat(s.state()).isEqualTo(ArtifactDownloads.State.RUNNING);
        detail = s.detail();
        Thread.sleep(20);
      }
      assertThat(detail).as("a new download after the stopped one ended").doesNotStartWith("waiting");
      latch.countDown();
      assertThat(untilSettled(downloads, source).state()).isEqualTo(ArtifactDownloads.State.DONE);
    } finally {
      server.held.clear();
      downloads.stop();
    }
  }
}
