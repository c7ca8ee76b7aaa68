package org.upgradeflow.lab.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.upgradeflow.lab.usagemeter.UsageMeterAppliance.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.InteractiveResult;
import org.upgradeflow.remote.PromptRule;
import org.upgradeflow.remote.PromptScript;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;
import org.upgradeflow.remote.SshProperties;
import org.upgradeflow.remote.SshjRemoteShell;
import org.upgradeflow.testing.LabRig;

/**
 * The Usage Meter appliances of lab-um-42/44/46 driven by UpgradeFlow's real SSH adapter: the
 * version query, status.sh, sshd as a service, the 4.3 shar upgrade, the 4.5/4.7 ISO upgrade
 * over a PTY with its prompts, mounts and reboots. Waits poll with a safety limit only.
 */
class UsageMeterApplianceTest {

  private static final Duration SAFETY = Duration.ofSeconds(60);

  @TempDir
  static Path labDir;
  @TempDir
  static Path stepLogs;
  @TempDir
  static Path files;
  static LabRig rig;
  static SshjRemoteShell shell;

  @BeforeAll
  static void start() {
    rig = LabRig.start(labDir, p -> p.withDatabase("none").withTimeScale(0.001), "lab-um-42", "lab-um-44", "lab-um-46");
    shell = new SshjRemoteShell(new SshProperties(Duration.ofSeconds(10), SAFETY, null, stepLogs, null, null,
        Duration.ofMillis(50)));
  }

  @AfterAll
  static void stop() {
    shell.close();
    rig.close();
  }

  @BeforeEach
  void reset() {
    rig.estates().forEach(e -> {
      shell.disconnect(target(e.id()));
      e.reset();
    });
  }

  private static LabHostState um(String id) {
    return rig.estate(id).host("um1").state();
  }

  private static RemoteTarget target(String id) {
    return new RemoteTarget(rig.estate(id).environment().host("um1").orElseThrow(), rig.fleet().knownHostsFile());
  }

  private static ExecResult exec(String id, String template, ShellArg... args) {
    return shell.exec(target(id), ShellCommand.of(template, args));
  }

  private static String version(String id) {
    return exec(id, VERSION_COMMAND).requireSuccess().stdout();
  }

  private static String status(String id) {
    return exec(id, "cd {} && bash scripts/status.sh", ShellArg.path(INSTALL_DIR)).stdout().strip();
  }

  @Test
  void versionCommandStatusAndHostnamePerEstate() {
    assertThat(version("lab-um-42")).isEqualTo("4.2.0.0");
    assertThat(version("lab-um-44")).isEqualTo("4.4.0.0");
    assertThat(version("lab-um-46")).isEqualTo("4.6.0.0");
    assertThat(exec("lab-um-44", "hostname").stdout()).isEqualTo("um1\n");
    assertThat(status("lab-um-44")).isEqualTo("Running");
    assertThat(exec("lab-um-44", "cd {} && ./scripts/status.sh", ShellArg.path(INSTALL_DIR)).stdout()).isEqualTo("Running\n");

    UsageMeterConsole.failUpgrade(um("lab-um-44"));
    ExecResult offline = exec("lab-um-44", "cd {} && bash scripts/status.sh", ShellArg.path(INSTALL_DIR));
    assertThat(offline.stdout()).isEqualTo("Offline\n");
    assertThat(offline.exitStatus()).isEqualTo(1);
  }

  @Test
  void stoppedSshdRefusesNewConnectionsUntilEnabledFromTheConsole() {
    String id = "lab-um-44";
    assertThat(exec(id, "systemctl stop sshd && systemctl disable sshd").exitStatus()).isZero();
    // the open connection survives, as sessions do when sshd.service stops
    assertThat(exec(id, "echo still-here").stdout()).isEqualTo("still-here\n");
    shell.disconnect(target(id));
    HostProbe refused = shell.probe(target(id));
    assertThat(refused.reachable()).isFalse();
    assertThat(um(id).services().get("sshd")).satisfies(s -> {
      assertThat(s.running()).isFalse();
      assertThat(s.enabled()).isFalse();
    });
    assertThat(um(id).journal().commands()).contains("systemctl stop sshd && systemctl disable sshd");

    UsageMeterConsole.enableSshd(um(id));
    assertThat(shell.probe(target(id)).reachable()).isTrue();
    assertThat(um(id).journal().entries()).filteredOn(e -> e.source().equals("console")).hasSize(1);
  }

  @Test
  void sharUpgradesFortyTwoToFortyThreeAndTheApplianceComesBackAfterAReboot() throws Exception {
    String id = "lab-um-42";
    Path shar = Files.writeString(files.resolve(SHAR_FILE), "#!/bin/sh\n# lab shar\n");
    shell.upload(target(id), shar, SHAR_PATH, Checksum.SHA256);
    assertThat(exec(id, "test -f {}", ShellArg.path(SHAR_PATH)).exitStatus()).isZero();

    ExecResult run = exec(id, "cd {} && bash {}", ShellArg.path(INSTALL_DIR), ShellArg.word(SHAR_FILE));
    assertThat(run.exitStatus()).as(run.stdout() + run.stderr()).isZero();
    assertThat(version(id)).isEqualTo(SHAR_RELEASE);
    assertThat(Files.readString(um(id).path(OLD_INSTALL_DIR + "/version"))).isEqualTo("4.2.0.0\n");
    assertThat(um(id).path(OLD_INSTALL_DIR + "/" + SHAR_FILE)).exists();
    try (var logs = Files.list(um(id).path(SHAR_LOG_DIR))) {
      assertThat(logs.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("inplaceupgradeum-\\d{8}-" + SHAR_BUILD));
    }
    // uploaded and run again: refused, the appliance is at 4.3 already
    shell.upload(target(id), shar, SHAR_PATH, Checksum.SHA256);
    ExecResult again = exec(id, "cd {} && bash {}", ShellArg.path(INSTALL_DIR), ShellArg.word(SHAR_FILE));
    assertThat(again.exitStatus()).isEqualTo(1);
    assertThat(again.stdout()).contains("4.3.0.0 is already installed");

    String bootBefore = shell.probe(target(id)).bootId();
    exec(id, "systemctl enable sshd").requireSuccess();
    try {
      exec(id, "reboot");
    } catch (org.upgradeflow.remote.RemoteShellException dropped) {
      // a rebooting host may drop the session before the exit status arrives, as a real one does
    }
    HostProbe back = shell.awaitReboot(target(id), bootBefore, SAFETY);
    assertThat(back.bootId()).isNotEqualTo(bootBefore);
    assertThat(status(id)).isEqualTo("Running");
    assertThat(version(id)).isEqualTo(SHAR_RELEASE);
  }

  @Test
  void mountingIsIdempotentlyDetectableAndNeedsTheCdromConnected() {
    String id = "lab-um-46";
    exec(id, "mkdir {}", ShellArg.path(MOUNT_POINT)).requireSuccess();
    assertThat(exec(id, "mountpoint -q {}", ShellArg.path(MOUNT_POINT)).exitStatus()).isEqualTo(1);
    ExecResult noMedium = exec(id, "mount -o loop {} {}", ShellArg.path(CDROM), ShellArg.path(MOUNT_POINT));
    assertThat(noMedium.exitStatus()).isEqualTo(32);
    assertThat(noMedium.stderr()).contains("no medium found");

    UsageMeterConsole.connectCdrom(um(id), Iso.fileName("4.7.0.0", "21350286"));
    assertThat(exec(id, "mount -o loop {} {}", ShellArg.path(CDROM), ShellArg.path(MOUNT_POINT)).exitStatus()).isZero();
    assertThat(exec(id, "mountpoint -q {}", ShellArg.path(MOUNT_POINT)).exitStatus()).isZero();
    assertThat(exec(id, "mount").stdout()).contains("/dev/loop0 on /root/upgrade type iso9660 (ro,relatime)");
    assertThat(exec(id, "test -f {}", ShellArg.path(UPGRADE_SCRIPT)).exitStatus()).isZero();
    ExecResult again = exec(id, "mount -o loop {} {}", ShellArg.path(CDROM), ShellArg.path(MOUNT_POINT));
    assertThat(again.exitStatus()).isEqualTo(32);
    assertThat(again.stderr()).contains("already mounted on /root/upgrade");

    exec(id, "umount {}", ShellArg.path(MOUNT_POINT)).requireSuccess();
    assertThat(exec(id, "mountpoint -q {}", ShellArg.path(MOUNT_POINT)).exitStatus()).isEqualTo(1);
    assertThat(exec(id, "test -f {}", ShellArg.path(UPGRADE_SCRIPT)).exitStatus()).isEqualTo(1);
  }

  /**
   * Per appliance estate: its path to 4.7 (4.2 first takes the 4.3 shar), the 4.7 script's
   * questions answered over a PTY, the reboot it asks for taking the appliance away and back,
   * then a reset to the exact initial state (versions, files, empty journal).
   */
  @ParameterizedTest
  @ValueSource(strings = {"lab-um-42", "lab-um-44", "lab-um-46"})
  void promptsOverAPtyTheRebootAndTheResetPerEstate(String id) throws Exception {
    LabEstate estate = rig.estate(id);
    Map<String, Object> truthBefore = estate.truth();
    Map<String, Map<String, String>> filesBefore = LabRig.files(estate);
    if (id.equals("lab-um-42")) {
      Path shar = Files.writeString(files.resolve(SHAR_FILE), "#!/bin/sh\n# lab shar\n");
      shell.upload(target(id), shar, SHAR_PATH, Checksum.SHA256);
      exec(id, "cd {} && bash {}", ShellArg.path(INSTALL_DIR), ShellArg.word(SHAR_FILE)).requireSuccess();
      assertThat(version(id)).isEqualTo(SHAR_RELEASE);
    }
    String bootBefore = mountFortySevenFromTheCdrom(id);
    InteractiveResult r = shell.interact(target(id), ShellCommand.of("bash {}", ShellArg.path(UPGRADE_SCRIPT)),
        snapshotAndReboot("y", "y"));
    assertThat(r.answered()).containsEntry("snapshot", 1).containsEntry("reboot", 1);
    HostProbe back = shell.awaitReboot(target(id), bootBefore, SAFETY);
    assertThat(back.bootId()).isNotEqualTo(bootBefore);
    assertThat(version(id)).isEqualTo("4.7.0.0");
    assertThat(status(id)).isEqualTo("Running");

    shell.disconnect(target(id));
    estate.reset();
    assertThat(estate.truth()).isEqualTo(truthBefore);
    assertThat(LabRig.files(estate)).isEqualTo(filesBefore);
    assertThat(um(id).journal().entries()).isEmpty();
    assertThat(um(id).packages()).containsEntry("vmware-cloudusagemetering", estate.definition().release());
  }

  /** The 4.7 ISO on the CD-ROM, mounted, sshd enabled so the appliance is reachable after its reboot; the boot id before. */
  private static String mountFortySevenFromTheCdrom(String id) {
    UsageMeterConsole.connectCdrom(um(id), Iso.fileName("4.7.0.0", "21350286"));
    exec(id, "mkdir -p {} && mount -o loop {} {}", ShellArg.path(MOUNT_POINT), ShellArg.path(CDROM),
        ShellArg.path(MOUNT_POINT)).requireSuccess();
    exec(id, "systemctl enable sshd").requireSuccess();
    return shell.probe(target(id)).bootId();
  }

  private static PromptScript snapshotAndReboot(String snapshot, String reboot) {
    return PromptScript.of(
            PromptRule.answer("snapshot", "Has a snapshot of the vCloud Usage Meter appliance VM been created.*\\(y/n\\):", snapshot),
            // "y" reboots the appliance: the SSH connection may end before the exit status arrives
            "y".equals(reboot) ? PromptRule.answer("reboot", "Reboot now\\? \\(y/n\\)", reboot).endsConnection()
                : PromptRule.answer("reboot", "Reboot now\\? \\(y/n\\)", reboot))
        .withPromptQuiet(Duration.ofSeconds(2)).withTimeout(SAFETY);
  }

  @Test
  void fortySevenIsoFromTheCdromAsksBothQuestionsOnceAndRebootsOnYes() throws Exception {
    String id = "lab-um-46";
    String bootBefore = mountFortySevenFromTheCdrom(id);

    InteractiveResult r = shell.interact(target(id), ShellCommand.of("bash {}", ShellArg.path(UPGRADE_SCRIPT)),
        snapshotAndReboot("y", "y"));
    assertThat(r.answered()).containsEntry("snapshot", 1).containsEntry("reboot", 1);
    assertThat(r.transcript()).contains("upgraded to 4.7.0.0").doesNotContain("Detected wrong hostname");

    HostProbe back = shell.awaitReboot(target(id), bootBefore, SAFETY);
    assertThat(back.bootId()).isNotEqualTo(bootBefore);
    assertThat(version(id)).isEqualTo("4.7.0.0");
    assertThat(um(id).path(LOG_47)).exists();
    assertThat(um(id).path(LOG_45)).doesNotExist();
    assertThat(status(id)).isEqualTo("Running");
    assertThat(exec(id, "mountpoint -q {}", ShellArg.path(MOUNT_POINT)).exitStatus()).isEqualTo(1); // gone with the reboot
    assertThat(um(id).journal().entries()).filteredOn(e -> e.source().equals("tty")).extracting(e -> e.command())
        .containsExactly("answer y: " + SNAPSHOT_PROMPT, "answer y: " + REBOOT_PROMPT);

    // mounted again, the script refuses: already at the version
    exec(id, "mount -o loop {} {}", ShellArg.path(CDROM), ShellArg.path(MOUNT_POINT)).requireSuccess();
    InteractiveResult again = shell.interact(target(id), ShellCommand.of("bash {}", ShellArg.path(UPGRADE_SCRIPT)),
        snapshotAndReboot("y", "y"));
    assertThat(again.exitStatus()).isEqualTo(1);
    assertThat(again.answered()).isEmpty();
    assertThat(again.transcript()).contains("already at version 4.7.0.0");
  }

  @Test
  void fortySevenWarnsAboutAWrongHostnameAndLeavesTheRebootToTheOperatorOnNo() throws Exception {
    String id = "lab-um-46";
    UsageMeterConsole.setHostname(um(id), "um1-renamed");
    UsageMeterConsole.connectCdrom(um(id), Iso.fileName("4.7.0.0", "21350286"));
    exec(id, "mkdir -p {} && mount -o loop {} {}", ShellArg.path(MOUNT_POINT), ShellArg.path(CDROM),
        ShellArg.path(MOUNT_POINT)).requireSuccess();
    String bootBefore = shell.probe(target(id)).bootId();

    InteractiveResult r = shell.interact(target(id), ShellCommand.of("bash {}", ShellArg.path(UPGRADE_SCRIPT)),
        snapshotAndReboot("y", "n"));
    assertThat(r.exitStatus()).isZero();
    assertThat(r.answered()).containsEntry("snapshot", 1).containsEntry("reboot", 1);
    assertThat(r.transcript()).contains("Detected wrong hostname. Expected hostname: um1, but found: um1-renamed."
        + "This will most probably result in issues after upgrade with the existing vCloud Usage Meter certificates.");
    assertThat(shell.probe(target(id)).bootId()).isEqualTo(bootBefore);
    assertThat(version(id)).isEqualTo("4.7.0.0");
  }

  @Test
  void fortyFiveIsoFromAnUploadedFileAbortsOnNoAndUpgradesOnYes() throws Exception {
    String id = "lab-um-44";
    Path iso = Files.write(files.resolve("Usage_Meter_Agent-18340127_Upgrade.iso"), new byte[4096]);
    String remoteIso = "/root/" + iso.getFileName();
    shell.upload(target(id), iso, remoteIso, Checksum.SHA1);
    String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(iso)));
    shell.writeFile(target(id), "/root/Usage_Meter_Agent-18340127_Upgrade.mf", "SHA1(" + iso.getFileName() + ")= " + sha1 + "\n");
    ExecResult check = exec(id, "cd /root && sha1sum -c {}", ShellArg.path("/root/Usage_Meter_Agent-18340127_Upgrade.mf"));
    assertThat(check.exitStatus()).isZero();
    assertThat(check.stdout()).isEqualTo(iso.getFileName() + ": OK\n");

    exec(id, "mkdir {} && mount -o loop {} {}", ShellArg.path(MOUNT_POINT), ShellArg.path(remoteIso),
        ShellArg.path(MOUNT_POINT)).requireSuccess();

    // without a terminal the script refuses before its first question: piped input cannot say "y"
    ExecResult piped = exec(id, "echo y | bash {}", ShellArg.path(UPGRADE_SCRIPT));
    assertThat(piped.exitStatus()).isEqualTo(1);
    assertThat(piped.stderr()).isEqualTo("ERROR: upgrade-um.sh must be run from an interactive terminal (stdin is not a tty)."
        + " Log in with ssh and run it again.\n");
    assertThat(piped.stdout()).doesNotContain("snapshot");
    assertThat(um(id).path(LOG_45)).doesNotExist();

    PromptScript no = PromptScript.of(PromptRule.answer("snapshot", "\\(y/n\\):", "n")).withTimeout(SAFETY);
    InteractiveResult aborted = shell.interact(target(id), ShellCommand.of("bash {}", ShellArg.path(UPGRADE_SCRIPT)), no);
    assertThat(aborted.exitStatus()).isEqualTo(1);
    assertThat(aborted.answered()).containsEntry("snapshot", 1);
    assertThat(version(id)).isEqualTo("4.4.0.0");
    assertThat(um(id).path(LOG_45)).doesNotExist();

    PromptScript yes = PromptScript.of(PromptRule.answer("snapshot", "\\(y/n\\):", "y")).withTimeout(SAFETY);
    InteractiveResult upgraded = shell.interact(target(id), ShellCommand.of("bash {}", ShellArg.path(UPGRADE_SCRIPT)), yes);
    assertThat(upgraded.exitStatus()).isZero();
    assertThat(upgraded.answered()).containsEntry("snapshot", 1).hasSize(1);
    assertThat(version(id)).isEqualTo("4.5.0.0");
    assertThat(Files.readString(um(id).path(LOG_45))).contains("from 4.4.0.0 to 4.5.0.0");
    assertThat(um(id).journal().entries()).filteredOn(e -> e.source().equals("tty")).extracting(e -> e.command())
        .containsExactly("answer n: " + SNAPSHOT_PROMPT, "answer y: " + SNAPSHOT_PROMPT);
  }

  @Test
  void sha1sumOfTheCdromReadsTheConnectedMediumAndPgrepSeesNoScript() throws Exception {
    String id = "lab-um-46";
    ExecResult empty = exec(id, "sha1sum {}", ShellArg.path(CDROM));
    assertThat(empty.exitStatus()).isEqualTo(1);
    assertThat(empty.stderr()).isEqualTo("sha1sum: /dev/cdrom: No medium found\n");
    String iso = Iso.fileName("4.7.0.0", "21350286");
    UsageMeterConsole.connectCdrom(um(id), iso);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(LabUpgradeFiles.isoContent(iso)));
    assertThat(exec(id, "sha1sum {}", ShellArg.path(CDROM)).stdout()).isEqualTo(expected + "  /dev/cdrom\n");
    assertThat(exec(id, "pgrep -f {}", ShellArg.text("[u]pgrade-um\\.sh")).exitStatus()).isEqualTo(1);
  }
}
