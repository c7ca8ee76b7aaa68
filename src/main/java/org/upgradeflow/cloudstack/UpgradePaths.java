package org.upgradeflow.cloudstack;

import java.util.Arrays;

/** Picks the path for a source version, or refuses it with what the operator should do instead. */
public final class UpgradePaths {

  private static final CloudStackVersion NEWEST_SOURCE = CloudStackVersion.of(4, 3, 1);

  private UpgradePaths() {
  }

  /** @throws UnsupportedSourceException naming the version and the way forward */
  public static UpgradePath forSource(CloudStackVersion version) {
    return Arrays.stream(UpgradePath.values()).filter(p -> p.accepts(version)).findFirst()
        .orElseThrow(() -> new UnsupportedSourceException(version, refusal(version)));
  }

  private static String refusal(CloudStackVersion v) {
    if (v.compareTo(NEWEST_SOURCE) > 0) {
      return "CloudStack " + v + " is newer than 4.3.1: nothing to do (UpgradeFlow upgrades to 4.3.x)";
    }
    if (v.sameMinor(2, 2)) {
      return "CloudStack " + v + " cannot be upgraded to 4.3 directly: upgrade to 2.2.14 first";
    }
    if (v.compareTo(CloudStackVersion.of(2, 2, 0)) < 0) {
      return "CloudStack " + v + " is older than 2.2: upgrade to 2.2.14 first";
    }
    return "CloudStack " + v + " is not a release the 4.3 upgrade guide covers "
        + "(sources: 2.2.14, 3.0.x, 4.0.x, 4.1.x, 4.2.x, 4.3.0, 4.3.1)";
  }

  /** The estate's version has no upgrade path; nothing was changed. */
  public static final class UnsupportedSourceException extends RuntimeException {
    private final CloudStackVersion version;

    UnsupportedSourceException(CloudStackVersion version, String message) {
      super(message);
      this.version = version;
    }

    public CloudStackVersion version() {
      return version;
    }
  }
}
