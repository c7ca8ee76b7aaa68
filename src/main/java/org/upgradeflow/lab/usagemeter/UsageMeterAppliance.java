package org.upgradeflow.lab.usagemeter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.upgradeflow.lab.host.LabHostSpec;
import org.upgradeflow.lab.host.LabHostState;

/**
 * The vCloud Usage Meter appliance as the lab models it (facts/usage-meter.md): paths, prompts,
 * the version query UpgradeFlow sends, and the appliance's initial file tree.
 *
 * <p>The installed version is the version of the RPM package {@value #PACKAGE}; read it with
 * {@link #VERSION_COMMAND} (standard {@code rpm} query format, prints e.g. {@code 4.4.0.0}
 * without a newline; exit 1 and "package ... is not installed" when absent).
 */
public final class UsageMeterAppliance {

  /** The RPM package that holds the Usage Meter installation. */
  public static final String PACKAGE = "vmware-cloudusagemetering";
  /** Reads the installed version over SSH; the lab and the service send the same line. */
  public static final String VERSION_COMMAND = "rpm -q --qf '%{VERSION}' " + PACKAGE;

  public static final String INSTALL_DIR = "/opt/vmware/cloudusagemetering";
  /** Where the 4.3 shar upgrade moves the previous installation. */
  public static final String OLD_INSTALL_DIR = INSTALL_DIR + "-old";
  public static final String STATUS_SCRIPT = INSTALL_DIR + "/scripts/status.sh";
  public static final String SHAR_FILE = "ums-system-upgrade.shar";
  public static final String SHAR_PATH = INSTALL_DIR + "/" + SHAR_FILE;
  /** Release and build the lab's {@value #SHAR_FILE} installs. */
  public static final String SHAR_RELEASE = "4.3.0.0";
  public static final String SHAR_BUILD = "15397948";
  /** {@code inplaceupgradeum-<yyyyddmm>-<build>} lands here. */
  public static final String SHAR_LOG_DIR = INSTALL_DIR + "/var/logs";

  /** The CD-ROM drive: empty without medium, else the connected ISO's bytes. */
  public static final String CDROM = "/dev/cdrom";
  /**
   * Lab only: the file name of the ISO connected to the CD-ROM. A real drive carries the ISO's
   * file system; the lab's mount reads release and build from this name instead.
   */
  public static final String CDROM_MEDIUM = "/var/lib/lab-vsphere/cdrom-medium";
  public static final String MOUNT_POINT = "/root/upgrade";
  public static final String UPGRADE_SCRIPT_NAME = "upgrade-um.sh";
  public static final String UPGRADE_SCRIPT = MOUNT_POINT + "/" + UPGRADE_SCRIPT_NAME;
  /** The mount table, {@code /proc/mounts} format. */
  public static final String MOUNTS = "/proc/mounts";
  /** The hostname the appliance's certificate was made for (what upgrade-um.sh compares with). */
  public static final String CERT_HOSTNAME_FILE = INSTALL_DIR + "/conf/certificate-hostname";

  /** Lab fault: a question upgrade-um.sh asks after the snapshot one (a script version UpgradeFlow does not know). */
  public static final String EXTRA_PROMPT_FILE = INSTALL_DIR + "/conf/lab-extra-prompt";

  /**
   * Lab fault "the upgrade fails": upgrade-um.sh installs the packages, writes errors into its
   * log and the application stays down (see {@link UsageMeterConsole#failUpgrade}).
   */
  public static final String UPGRADE_FAILS_FILE = INSTALL_DIR + "/conf/lab-upgrade-fails";

  /** Lab fault: lines status.sh prints after {@code Running} (errors that may be unrelated to the upgrade). */
  public static final String STATUS_ERRORS_FILE = INSTALL_DIR + "/conf/lab-status-errors";

  public static final String LOG_45 = "/opt/vmware/var/log/um-upgrade.log";
  public static final String LOG_47 = "/opt/vmware/var/logs/um-upgrade.log";

  public static final String SNAPSHOT_PROMPT = "Has a snapshot of the vCloud Usage Meter appliance VM been created "
      + "on the vCenter Server environment that it's running on? (y/n):";
  public static final String REBOOT_PROMPT = "Reboot is recommended after an upgrade.Reboot now? (y/n)";

  /** The service {@code status.sh} looks at (with postgresql): the Usage Meter application. */
  public static final String APP_SERVICE = "tomcat";

  /** ISO names: {@code Usage_Meter_Agent-4.7.0.0-<BUILD>_Upgrade.iso} or {@code Usage_Meter_Agent-<BUILD>_Upgrade.iso} (4.5). */
  private static final Pattern ISO_WITH_VERSION = Pattern.compile("Usage_Meter_Agent-(\\d+\\.\\d+\\.\\d+\\.\\d+)-(\\d+)_Upgrade\\.iso");
  private static final Pattern ISO_45 = Pattern.compile("Usage_Meter_Agent-(\\d+)_Upgrade\\.iso");

  private UsageMeterAppliance() {
  }

  /** An upgrade ISO: the release it installs and its build. */
  public record Iso(String fileName, String release, String build) {

    /** The ISO a file name describes, or null when the lab does not know it as an upgrade ISO. */
    public static Iso parse(String fileName) {
      Matcher m = ISO_WITH_VERSION.matcher(fileName);
      if (m.matches()) {
        return new Iso(fileName, m.group(1), m.group(2));
      }
      m = ISO_45.matcher(fileName);
      return m.matches() ? new Iso(fileName, "4.5.0.0", m.group(1)) : null;
    }

    public static String fileName(String release, String build) {
      return "Usage_Meter_Agent-" + release + "-" + build + "_Upgrade.iso";
    }

    /** 4.7 and later: manifest, reboot question, hostname check, log under var/logs. */
    boolean isFortySeven() {
      return compare(release, "4.7") >= 0;
    }

    String log() {
      return isFortySeven() ? LOG_47 : LOG_45;
    }
  }

  /** The appliance's initial tree and services on a Photon spec: version, install dir, status script, mounts. */
  public static LabHostSpec.Builder install(LabHostSpec.Builder b, String release, String hostname) {
    return b.pkg(PACKAGE, release)
        .service("sshd", true, false)
        .service(APP_SERVICE, true, true)
        .service("postgresql", true, true)
        .file("/etc/photon-release", "VMware Photon OS 1.0\nPHOTON_BUILD_NUMBER=62c543d\n")
        .file(INSTALL_DIR + "/version", release + "\n")
        .file(STATUS_SCRIPT, STATUS_SCRIPT_TEXT)
        .file(INSTALL_DIR + "/var/logs/.keep", "")
        .file(CERT_HOSTNAME_FILE, hostname + "\n")
        .file(CDROM, "")
        .file(MOUNTS, ROOT_MOUNT)
        .file("/etc/sysconfig/proxy", "PROXY_ENABLED=\"no\"\n");
  }

  static final String ROOT_MOUNT = "/dev/sda3 / ext4 rw,relatime 0 0\n";

  static final String STATUS_SCRIPT_TEXT = "#!/bin/bash\n# vCloud Usage Meter service status (lab: answered by the lab)\n";

  /** The installed release, or null. */
  static String installed(LabHostState h) {
    return h.packages().get(PACKAGE);
  }

  /** Writes the new release into the model: package version and the version file. */
  static void setInstalled(LabHostState h, String release) throws IOException {
    h.packages().put(PACKAGE, release);
    Path v = h.path(INSTALL_DIR + "/version");
    Files.createDirectories(v.getParent());
    Files.writeString(v, release + "\n");
  }

  /** Compares dotted versions numerically, missing parts counting as 0 ({@code 4.7 == 4.7.0.0}). */
  static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  /** {@code 4.2.0.0 -> 4.2}. */
  static String series(String release) {
    String[] p = release.split("\\.");
    return p.length < 2 ? release : p[0] + "." + p[1];
  }
}
