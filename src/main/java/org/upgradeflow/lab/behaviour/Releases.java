package org.upgradeflow.lab.behaviour;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the lab's package repository serves. A repository file names a release series
 * ({@code .../rhel/4.2/}) or one exact release ({@code .../rhel/4.3.1/}); a series serves its
 * newest release, from this map ({@code upgradeflow.lab.repository-releases}).
 */
public final class Releases {

  /** The series of the procedure and the newest release the lab serves for each. */
  public static final Map<String, String> DEFAULTS = Map.of(
      "2.2", "2.2.14", "3.0", "3.0.7", "4.0", "4.0.2", "4.1", "4.1.1", "4.2", "4.2.1", "4.3", "4.3.2");

  public static final Comparator<String> VERSION_ORDER = Releases::compare;

  private final Map<String, String> newestBySeries;

  public Releases(Map<String, String> newestBySeries) {
    this.newestBySeries = new TreeMap<>(newestBySeries);
  }

  public static Releases defaults() {
    return new Releases(DEFAULTS);
  }

  /** The series the repository serves ("4.3", ...), in version order. */
  public java.util.List<String> series() {
    return newestBySeries.keySet().stream().sorted(VERSION_ORDER).toList();
  }

  /** The release a repository version component serves: a known series' newest, or the exact release. */
  public Optional<String> served(String repoVersion) {
    if (repoVersion == null || !repoVersion.matches("\\d+(\\.\\d+)+")) {
      return Optional.empty();
    }
    String newest = newestBySeries.get(repoVersion);
    if (newest != null) {
      return Optional.of(newest);
    }
    return repoVersion.split("\\.").length >= 3 ? Optional.of(repoVersion) : Optional.empty();
  }

  /** Numeric comparison of dotted versions (4.10 after 4.9). */
  public static int compare(String a, String b) {
    int[] x = parts(a);
    int[] y = parts(b);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** 4.1 and later ship {@code cloudstack-*} packages and {@code /etc/cloudstack}. */
  public static boolean newNames(String release) {
    return compare(release, "4.1") >= 0;
  }

  private static int[] parts(String v) {
    return Arrays.stream(v.split("[.-]")).mapToInt(p -> {
      String digits = p.replaceAll("\\D.*", "");
      return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }).toArray();
  }
}
