package org.upgradeflow.usagemeter;

import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
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

  private final Clock clock;

  @Autowired
  ArtifactDownloads(UsageMeterProperties properties) {
    this(properties, Clock.systemUTC());
  }

  /** @param clock real time: a download is real work, whatever the engine's clock says */
  ArtifactDownloads(UsageMeterProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
  }

  private static final class Download {
    final Instant started;
    final ArtifactDownloader downloader;
    volatile String progress = "starting";
    volatile State state = State.RUNNING;
    volatile String error;
    /** the run has been told DONE or FAILED */
    volatile boolean reported;
    /** the thread has returned */
    volatile boolean ended;
    /** the thread running it, once it runs */
    volatile Thread worker;

    /**
     * Closes the body being read and interrupts the thread: a read blocked on a silent server
     * ends. The state is FAILED before this is called, so a download whose thread had not begun
     * yet returns at once (see {@link #start}).
     */
    void abort() {
      downloader.abort();
      synchronized (this) { // never the pool thread's next task: the worker lets go under the same lock
        if (worker != null) {
          worker.interrupt();
        }
      }
    }

    Download(ArtifactDownloader downloader, Instant started) {
      this.downloader = downloader;
      this.started = started;
    }
  }

  /**
   * One look at the download of the path's files from the source: starts it when none runs in
   * this service. DONE and FAILED are reported once; a later poll starts afresh (and keeps the
   * complete files), after the earlier download's thread has ended (a download stopped at the
   * time limit may take a moment to let go of its {@code .part} file).
   */
  Status poll(ArtifactSource source, UsageMeterPath path) {
    Path folder = folder(source);
    String key = folder + "|" + path;
    Download d = downloads.compute(key, (k, old) -> old == null || old.reported && old.ended ? start(source, path, folder) : old);
    if (d.reported) {
      return new Status(State.RUNNING, folder, "waiting for the previous download to stop");
    }
    if (d.state == State.RUNNING && Duration.between(d.started, clock.instant()).compareTo(properties.downloadTimeout()) > 0) {
      d.error = "artifacts: downloading from " + source + " took longer than upgradeflow.usage-meter.download-timeout ("
          + properties.downloadTimeout() + "); last: " + d.progress;
      d.state = State.FAILED;
      d.abort();
    }
    if (d.state == State.RUNNING) {
      return new Status(State.RUNNING, folder, d.progress);
    }
    d.reported = true;
    return d.state == State.DONE ? new Status(State.DONE, folder, d.progress) : new Status(State.FAILED, folder, d.error);
  }

  private Download start(ArtifactSource source, UsageMeterPath path, Path folder) {
    Download d = new Download(new ArtifactDownloader(properties.httpTimeout()), clock.instant());
    log.info("Downloading the {} upgrade files from {} into {}", path.target(), source, folder);
    threads.execute(() -> {
      d.worker = Thread.currentThread();
      try {
        if (d.state != State.RUNNING) {
          return; // stopped at the time limit before this thread began
        }
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
      } finally {
        synchronized (d) {
          d.worker = null;
          Thread.interrupted(); // the pool's thread goes back without the time limit's interrupt
        }
        d.ended = true;
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
    downloads.values().forEach(Download::abort);
    threads.shutdownNow();
  }
}
