package org.upgradeflow.lab.usagemeter;

import static org.upgradeflow.lab.usagemeter.UsageMeterAppliance.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;

/**
 * What an operator does outside SSH (vSphere client, appliance console), for the lab API and
 * tests. Each action is journalled with source {@code console} or {@code vsphere}; all of it is
 * host state, so an estate reset undoes it.
 */
public final class UsageMeterConsole {

  private UsageMeterConsole() {
  }

  /**
   * vSphere: connect the VM's CD-ROM drive to an upgrade ISO of the lab's datastore (the name
   * says release and build; the bytes are {@link LabUpgradeFiles#isoContent}).
   */
  public static void connectCdrom(LabHostState h, String isoFileName) {
    connectCdrom(h, isoFileName, LabUpgradeFiles.isoContent(isoFileName));
  }

  /** vSphere: connect the CD-ROM drive to this ISO file (its bytes are what {@code sha1sum /dev/cdrom} reads). */
  public static void connectCdrom(LabHostState h, Path isoFile) {
    try {
      connectCdrom(h, isoFile.getFileName().toString(), Files.readAllBytes(isoFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void connectCdrom(LabHostState h, String isoFileName, byte[] content) {
    if (Iso.parse(isoFileName) == null) {
      throw new IllegalArgumentException("not a Usage Meter upgrade ISO name: " + isoFileName
          + " (Usage_Meter_Agent-<VERSION>-<BUILD>_Upgrade.iso or Usage_Meter_Agent-<BUILD>_Upgrade.iso)");
    }
    write(h, CDROM, content);
    write(h, CDROM_MEDIUM, (isoFileName + "\n").getBytes(StandardCharsets.UTF_8));
    h.journal().record("connect CD-ROM to " + isoFileName, 0, "vsphere");
  }

  /** vSphere: disconnect the CD-ROM drive (a mount made from it stays until unmounted or reboot). */
  public static void disconnectCdrom(LabHostState h) {
    write(h, CDROM, "");
    write(h, CDROM_MEDIUM, "");
    h.journal().record("disconnect CD-ROM", 0, "vsphere");
  }

  public static boolean cdromConnected(LabHostState h) {
    try {
      return Files.isRegularFile(h.path(CDROM)) && Files.size(h.path(CDROM)) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Console: {@code systemctl enable sshd; systemctl start sshd}: new SSH connections are accepted again. */
  public static void enableSshd(LabHostState h) {
    h.services().put("sshd", new ServiceState(true, true));
    h.journal().record("systemctl enable sshd; systemctl start sshd", 0, "console");
  }

  /**
   * Lab fault "the upgrade fails": the Usage Meter application is stopped and disabled, so
   * {@code status.sh} says {@code Offline}, also after a reboot, until the appliance is reset
   * (the lab's "restore from snapshot"); the next upgrade-um.sh writes its errors into the
   * upgrade log of its release (4.5 {@code var/log}, 4.7 {@code var/logs}), and when the
   * appliance was upgraded already, the errors are added to that log now.
   */
  public static void failUpgrade(LabHostState h) {
    h.services().put(APP_SERVICE, new ServiceState(false, false));
    write(h, UPGRADE_FAILS_FILE, "tomcat fails to start after the upgrade\n");
    for (String log : java.util.List.of(LOG_45, LOG_47)) {
      if (Files.isRegularFile(h.path(log))) {
        append(h, log, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toString().replace('T', ' ')
            + " ERROR vCloud Usage Meter application failed to start (tomcat exited with status 1)\n");
      }
    }
    h.journal().record("lab fault: Usage Meter application offline", 0, "lab");
  }

  /** Lab fault: upgrade-um.sh asks one more question after the snapshot one (a prompt UpgradeFlow has no answer for). */
  public static void addUpgradePrompt(LabHostState h, String prompt) {
    write(h, EXTRA_PROMPT_FILE, prompt + "\n");
    h.journal().record("lab fault: upgrade-um.sh asks '" + prompt + "'", 0, "lab");
  }

  /** Lab fault: status.sh reports errors after its status word (a file that survives reboots; a reset removes it). */
  public static void addStatusErrors(LabHostState h, String lines) {
    write(h, STATUS_ERRORS_FILE, lines.endsWith("\n") ? lines : lines + "\n");
    h.journal().record("lab fault: status.sh reports errors", 0, "lab");
  }

  /** Console: the appliance's hostname changes; its certificate still names the old one. */
  public static void setHostname(LabHostState h, String hostname) {
    if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
      throw new IllegalArgumentException("not a hostname: " + hostname);
    }
    h.setHostname(hostname);
    write(h, "/etc/hostname", hostname + "\n");
    h.journal().record("hostnamectl set-hostname " + hostname, 0, "console");
  }

  private static void append(LabHostState h, String path, String lines) {
    try {
      Files.writeString(h.path(path), lines, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(LabHostState h, String path, String content) {
    write(h, path, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(LabHostState h, String path, byte[] content) {
    try {
      Files.createDirectories(h.path(path).getParent());
      Files.write(h.path(path), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
