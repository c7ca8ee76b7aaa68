package org.upgradeflow.cloudstack;

import java.util.regex.Pattern;
import org.upgradeflow.environment.OsFamily;

/**
 * The CloudStack package repository file of a host and the edit that points it at a release:
 * Ubuntu {@code deb <url> precise <version>}, RHEL {@code baseurl=<url>/rhel/<version>/}.
 * Edited in Java over SFTP (backup, atomic write, read back); never with sed.
 */
public final class RepositoryFile {

  /** The Ubuntu release the CloudStack 4.x packages are built for (the {@code deb} line's suite). */
  static final String SUITE = "precise";
  private static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+(\\.\\d+)?$");

  private RepositoryFile() {
  }

  public static String path(OsFamily os) {
    return switch (os) {
      case RHEL -> "/etc/yum.repos.d/cloudstack.repo";
      case UBUNTU -> "/etc/apt/sources.list.d/cloudstack.list";
      default -> throw new IllegalArgumentException("os: no CloudStack repository file on " + os);
    };
  }

  /** The version the file points at ("4.2"), or null when it names none. */
  public static String pointsAt(OsFamily os, String content) {
    for (String line : content.split("\\R")) {
      String l = line.strip();
      if (os == OsFamily.UBUNTU && l.startsWith("deb ")) {
        String[] words = l.split("\\s+");
        return words[words.length - 1];
      }
      if (os == OsFamily.RHEL && l.startsWith("baseurl=")) {
        var m = Pattern.compile("/(\\d+\\.\\d+(?:\\.\\d+)?)/?$").matcher(l);
        return m.find() ? m.group(1) : null;
      }
    }
    return null;
  }

  /**
   * The metadata file the host's package manager fetches first from the repository that
   * {@link #pointAt} names: yum {@code <baseurl>/repodata/repomd.xml}, apt
   * {@code <repo>/dists/precise/Release} (the suite of the {@code deb} line).
   */
  public static String metadataUrl(OsFamily os, String baseUrl, String version) {
    String base = baseUrl.replaceAll("/+$", "");
    return switch (os) {
      case RHEL -> base + "/rhel/" + version + "/repodata/repomd.xml";
      case UBUNTU -> base + "/ubuntu/dists/" + SUITE + "/Release";
      default -> throw new IllegalArgumentException("os: no CloudStack repository on " + os);
    };
  }

  /**
   * The file's content pointing at {@code version} of the repository at {@code baseUrl}; other
   * lines (name, gpgcheck, comments) are kept. Idempotent: already pointing there, unchanged.
   */
  public static String pointAt(OsFamily os, String content, String baseUrl, String version) {
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("repository version: expected a series such as 4.3 or a release such as 4.3.1, got '" + version + "'");
    }
    String base = baseUrl.replaceAll("/+$", "");
    StringBuilder out = new StringBuilder();
    boolean replaced = false;
    for (String line : content.split("\\R", -1)) {
      String l = line.strip();
      if (!replaced && os == OsFamily.UBUNTU && l.startsWith("deb ")) {
        out.append("deb ").append(base).append("/ubuntu ").append(SUITE).append(' ').append(version);
        replaced = true;
      } else if (!replaced && os == OsFamily.RHEL && l.startsWith("baseurl=")) {
        out.append("baseurl=").append(base).append("/rhel/").append(version).append('/');
        replaced = true;
      } else {
        out.append(line);
      }
      out.append('\n');
    }
    String result = out.substring(0, out.length() - 1);
    if (!replaced) {
      result = switch (os) {
        case UBUNTU -> "deb " + base + "/ubuntu " + SUITE + " " + version + "\n";
        case RHEL -> "[apache-cloudstack]\nname=Apache CloudStack\nbaseurl=" + base + "/rhel/" + version
            + "/\nenabled=1\ngpgcheck=0\n";
        default -> throw new IllegalArgumentException("os: no CloudStack repository file on " + os);
      };
    }
    return result;
  }
}
