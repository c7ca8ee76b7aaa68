package org.upgradeflow.lab.cloudstack;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.lab.host.LabTime;

/**
 * 4.3 system VM template downloads that move on their own: with a download time
 * ({@code upgradeflow.lab.timings.template-download}, lab-scaled) a download put into
 * {@code DOWNLOAD_IN_PROGRESS} raises {@code download_pct} in steps over that time and then
 * completes as the lab API's {@code state=DOWNLOADED} does. Zero: downloads move only through
 * the lab API. One thread per running download (at most one per hypervisor); stopping one waits
 * for its thread, so nothing writes the row after a stop (the API took over, or a reset).
 */
final class TemplateDownloads {

  private static final Logger log = LoggerFactory.getLogger(TemplateDownloads.class);
  private static final int STEPS = 10;

  /** Writes a hypervisor's template row (the lab API's own write). */
  interface RowWriter {
    void write(String hypervisor, String downloadState, int pct) throws SQLException;
  }

  private final RowWriter rows;
  private final LabTime time;
  private volatile Duration duration;
  private final Map<String, Thread> running = new ConcurrentHashMap<>();

  TemplateDownloads(RowWriter rows, LabTime time, Duration duration) {
    this.rows = rows;
    this.time = time;
    this.duration = duration;
  }

  Duration duration() {
    return duration;
  }

  void setDuration(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("template download time must be >= 0, got " + duration);
    }
    this.duration = duration;
  }

  /** Runs the download of {@code hypervisor}'s template (its row is already in progress); nothing when the time is zero. */
  synchronized void start(String hypervisor) {
    stop(hypervisor);
    if (duration.isZero()) {
      return;
    }
    Duration step = time.scaled(duration).dividedBy(STEPS);
    Thread t = new Thread(() -> run(hypervisor, step), "lab-template-download-" + hypervisor);
    t.setDaemon(true);
    running.put(hypervisor, t);
    t.start();
  }

  private void run(String hypervisor, Duration step) {
    try {
      for (int i = 1; i < STEPS; i++) {
        pause(step);
        rows.write(hypervisor, "DOWNLOAD_IN_PROGRESS", i * 100 / STEPS);
      }
      pause(step);
      rows.write(hypervisor, "DOWNLOADED", 100);
    } catch (InterruptedException stopped) {
      // the lab API took the row over, or the estate is being reset
    } catch (SQLException e) {
      log.warn("lab template download of {} stopped: {}", hypervisor, e.getMessage());
    } finally {
      running.remove(hypervisor, Thread.currentThread());
    }
  }

  private static void pause(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    if (Thread.interrupted()) { // a zero sleep need not notice a stop
      throw new InterruptedException();
    }
  }

  /** Stops the running download of {@code hypervisor} and waits until its thread has ended. */
  void stop(String hypervisor) {
    Thread t = running.get(hypervisor);
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    t.interrupt();
    boolean interrupted = false;
    // bounded like LabProcesses.kill: an interrupted download ends within milliseconds; the bound
    // only keeps a stuck database write from blocking a reset for ever
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (t.isAlive() && System.nanoTime() < until) {
      try {
        t.join(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true; // finish waiting: a late write would undo what the caller writes next
      }
    }
    running.remove(hypervisor, t);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  void stopAll() {
    List.copyOf(running.keySet()).forEach(this::stop);
  }

  /** Hypervisors whose download is running, sorted. */
  List<String> running() {
    return running.keySet().stream().sorted().toList();
  }
}
