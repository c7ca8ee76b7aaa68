package org.upgradeflow.clouddb;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.upgradeflow.environment.Secret;

/**
 * Where the management server key lives and how to read it. The SSH adapter fetches the file
 * over SFTP; this class only knows the path and turns the content into a {@link Secret}.
 */
public final class ManagementServerKey {

  public static final String PATH = "/etc/cloudstack/management/key";
  /** 4.0 and older (2.2, 3.0): the cloud-* package era. */
  public static final String LEGACY_PATH = "/etc/cloud/management/key";

  /** Where the 4.1+ RPMs move a 4.0 /etc/cloud on upgrade (their %post copies the key on to PATH). */
  public static final String RPMSAVE_PATH = "/etc/cloud.rpmsave/management/key";

  private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+)(\\..*)?");

  private ManagementServerKey() {
  }

  /** The key file's path for a source version, e.g. "4.0.2" -> /etc/cloud/management/key. */
  public static String pathFor(String sourceVersion) {
    Matcher m = MAJOR_MINOR.matcher(sourceVersion == null ? "" : sourceVersion.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a CloudStack version: " + sourceVersion);
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    boolean legacy = major < 4 || (major == 4 && minor == 0);
    return legacy ? LEGACY_PATH : PATH;
  }

  /**
   * Where to look, in order, for a source version's key while or after its packages are upgraded:
   * a 4.0-era key may already sit in /etc/cloud.rpmsave or be copied to /etc/cloudstack by the
   * new packages. All hold the same key; the first that exists is used.
   */
  public static List<String> candidatesFor(String sourceVersion) {
    String path = pathFor(sourceVersion);
    return path.equals(LEGACY_PATH) ? List.of(LEGACY_PATH, RPMSAVE_PATH, PATH) : List.of(PATH);
  }

  /**
   * The key from the file's content. CloudStack reads the first line of the file
   * (BufferedReader.readLine), so the trailing newline written by
   * cloudstack-setup-encryption is not part of the key.
   */
  public static Secret fromFileContent(String content) {
    int end = content.indexOf('\n');
    String line = end < 0 ? content : content.substring(0, end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      throw new IllegalArgumentException("the management server key file is empty");
    }
    return Secret.of(line);
  }
}
