package org.upgradeflow.usagemeter;

import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Downloads of upgrade files run on a service thread of their own, never in a job: a job asks
 * {@link #poll} (start it unless it runs, or say how far it got) and a timer asks again. After a
 * restart of the service nothing runs here, so the next poll starts the download again; the
 * files already complete in the cache are kept (size check), a {@code .part} file is written anew.
 * Each URL has its own cache folder, named for the URL without its credentials.
 */
@Component
class ArtifactDownloads {

  enum State { RUNNING, DONE, FAILED }

  /** @param detail progress while running, the error when failed */
  record Status(State state, Path folder, String detail) {
  }

  private static final Logger log = LoggerFactory.getLogger(ArtifactDownloads.class);

  private final UsageMeterProperties properties;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "usage-meter-download");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Download> downloads = new ConcurrentHashMap<>();

  ArtifactDownloads(UsageMeterProperties properties) {
    this.properties = properties;
  }

  private static final class Download {
    final Instant started = Instant.now();
    final ArtifactDownloader downloader;
    volatile String progress = "starting";
    volatile State state = State.RUNNING;
    volatile String error;

    Download(ArtifactDownloader downloader) {
      this.downloader = downloader;
    }
  }

  /**
   * One look at the download of the path's files from the source: starts it when none runs in
   * this service. DONE and FAILED are reported once; a later poll starts afresh (and keeps the
   * complete files).
   */
  Status poll(ArtifactSource source, UsageMeterPath path) {
    Path folder = folder(source);
    String key = folder + "|" + path;
    Download d = downloads.computeIfAbsent(key, k -> start(source, path, folder));
    if (d.state == State.RUNNING && Duration.between(d.started, Instant.now()).compareTo(properties.downloadTimeout()) > 0) {
      d.error = "artifacts: downloading from " + source + " took longer than upgradeflow.usage-meter.download-timeout ("
          + properties.downloadTimeout() + "); last: " + d.progress;
      d.state = State.FAILED;
      d.downloader.abort();
    }
    return switch (d.state) {
      case RUNNING -> new Status(State.RUNNING, folder, d.progress);
      case DONE -> {
        downloads.remove(key, d);
        yield new Status(State.DONE, folder, d.progress);
      }
      case FAILED -> {
        downloads.remove(key, d);
        yield new Status(State.FAILED, folder, d.error);
      }
    };
  }

  private Download start(ArtifactSource source, UsageMeterPath path, Path folder) {
    Download d = new Download(new ArtifactDownloader(properties.httpTimeout()));
    log.info("Downloading the {} upgrade files from {} into {}", path.target(), source, folder);
    threads.submit(() -> {
      try {
        d.downloader.download(source, path, folder, p -> d.progress = p);
        if (d.state == State.RUNNING) {
          d.state = State.DONE;
        }
      } catch (RuntimeException e) {
        if (d.state == State.RUNNING) {
          d.error = e.getMessage();
          d.state = State.FAILED;
        }
        log.warn("Download of the {} upgrade files from {} failed: {}", path.target(), source, e.getMessage());
      }
    });
    return d;
  }

  /** The URL's own cache folder: host and a digest of the URL without credentials. */
  Path folder(ArtifactSource source) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.url().toString().getBytes(StandardCharsets.UTF_8));
      return properties.downloadCache().toAbsolutePath()
          .resolve(source.url().getHost() + "-" + HexFormat.of().formatHex(digest, 0, 6));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @PreDestroy
  void stop() {
    downloads.values().forEach(d -> d.downloader.abort());
    threads.shutdownNow();
  }
}
