package org.upgradeflow.lab.host;

import java.time.Duration;

/**
 * How long things take on a lab host. Behaviours state real-world durations ("a reboot takes
 * 90 s", {@code sleep 30}), the configurable ones from {@link #timings()}; the scale turns them
 * into lab time, so a rehearsal can run them as written (1.0) and a test a hundred times faster
 * (0.01).
 */
public record LabTime(double scale, LabTimings timings) {

  public static final LabTime REAL = new LabTime(1.0);

  public LabTime {
    if (!(scale >= 0)) {
      throw new IllegalArgumentException("time scale must be >= 0: " + scale);
    }
    java.util.Objects.requireNonNull(timings, "timings");
  }

  /** The default timings at this scale. */
  public LabTime(double scale) {
    this(scale, LabTimings.DEFAULTS);
  }

  public Duration scaled(Duration real) {
    return Duration.ofNanos((long) (real.toNanos() * scale));
  }

  /** Sleeps the scaled duration; interrupted when the client gives up or the job is killed. */
  public void sleep(Duration real) throws InterruptedException {
    long millis = scaled(real).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
