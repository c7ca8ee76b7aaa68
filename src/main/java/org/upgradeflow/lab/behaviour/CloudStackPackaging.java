package org.upgradeflow.lab.behaviour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.host.LabHostState;

/**
 * CloudStack's packaging as the lab models it: repository files, package and service names
 * across the 4.1 rename ({@code cloud-*} to {@code cloudstack-*}, {@code /etc/cloud} to
 * {@code /etc/cloudstack}).
 */
public final class CloudStackPackaging {

  public static final String YUM_REPO_FILE = "/etc/yum.repos.d/cloudstack.repo";
  public static final String APT_LIST_FILE = "/etc/apt/sources.list.d/cloudstack.list";
  /** What {@code apt-get update} last read from the sources list: apt upgrades from this, not from the list. */
  public static final String APT_INDEX_FILE = "/var/lib/apt/lists/cloudstack_Packages";

  private static final Pattern BASEURL = Pattern.compile("(?m)^\\s*baseurl\\s*=\\s*(\\S+?)/rhel/([^/\\s]+)/?\\s*$");
  private static final Pattern DEB = Pattern.compile("(?m)^\\s*deb\\s+(\\S+)\\s+precise\\s+(\\S+)\\s*$");

  /** Old main packages and the 4.1+ package that obsoletes them; other {@code cloud-*} go to common. */
  static final Map<String, String> RENAMED = Map.of(
      "cloud-client", "cloudstack-management",
      "cloud-agent", "cloudstack-agent",
      "cloud-usage", "cloudstack-usage");
  static final String COMMON = "cloudstack-common";
  /** Package that owns each service. */
  static final Map<String, String> SERVICE_PACKAGE = Map.of(
      "cloud-management", "cloud-client",
      "cloud-usage", "cloud-usage",
      "cloud-agent", "cloud-agent",
      "cloudstack-management", "cloudstack-management",
      "cloudstack-usage", "cloudstack-usage",
      "cloudstack-agent", "cloudstack-agent");
  static final List<String> CLOUD_MAIN = List.of("cloudstack-management", "cloudstack-agent", "cloudstack-usage");

  private CloudStackPackaging() {
  }

  /** The repository file of the host's OS family. */
  public static String repositoryFile(OsFamily os) {
    return os == OsFamily.UBUNTU ? APT_LIST_FILE : YUM_REPO_FILE;
  }

  /** The repository file's content pointing at {@code version} of {@code url}. */
  public static String repositoryFileContent(OsFamily os, String url, String version) {
    if (os == OsFamily.UBUNTU) {
      return "deb " + url + "/ubuntu precise " + version + "\n";
    }
    return "[cloudstack]\nname=cloudstack\nbaseurl=" + url + "/rhel/" + version + "/\nenabled=1\ngpgcheck=0\n";
  }

  /** The version component of the repository the file on the host points at. */
  public static Optional<String> repositoryVersion(LabHostState host) {
    return repositoryVersion(host, repositoryFile(host.os()));
  }

  static Optional<String> repositoryVersion(LabHostState host, String file) {
    Path p = host.path(file);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(p, StandardCharsets.UTF_8);
      Matcher m = (file.endsWith(".repo") ? BASEURL : DEB).matcher(text);
      return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The services whose init script the package ships (none for the support packages). */
  static List<String> servicesOf(String pkg) {
    return SERVICE_PACKAGE.entrySet().stream().filter(e -> e.getValue().equals(pkg)).map(Map.Entry::getKey).sorted().toList();
  }

  /** Whether a package is one of CloudStack's. */
  static boolean isCloudStack(String pkg) {
    return pkg.startsWith("cloud-") || pkg.startsWith("cloudstack-");
  }

  /** The 4.1+ package that replaces an old {@code cloud-*} package. */
  static String replacement(String oldPkg) {
    return RENAMED.getOrDefault(oldPkg, COMMON);
  }

  /** Config directory for the release: /etc/cloud or /etc/cloudstack. */
  public static String configDir(String release) {
    return Releases.newNames(release) ? "/etc/cloudstack" : "/etc/cloud";
  }

  public static String logDir(String release) {
    return Releases.newNames(release) ? "/var/log/cloudstack" : "/var/log/cloud";
  }

  /** Service name prefix for the release: cloud or cloudstack. */
  public static String prefix(String release) {
    return Releases.newNames(release) ? "cloudstack" : "cloud";
  }
}
