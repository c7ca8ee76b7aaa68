package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.lab.host.Fault;
import org.upgradeflow.lab.host.FaultMatcher;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;
import org.upgradeflow.lab.usagemeter.UsageMeterAppliance;
import org.upgradeflow.lab.usagemeter.UsageMeterConsole;

/**
 * The Usage Meter paths end to end on the engine against the lab's appliances: gates completed
 * by cm through the task API, the outcome read from the lab's truth (package version, sshd,
 * the prompts answered on the appliance's terminal, journal), not from the run's variables.
 * Upgrade files also come from a URL: a real HTTP server on the loopback ({@link ArtifactServer}).
 */
@ServiceTest
class UsageMeterUpgradeProcessTest {

  @TempDir
  static Path dir;
  static UsageMeterLab lab;
  static Path good45;
  static Path good47;
  static Path shar;
  static ArtifactServer server;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  @Autowired UsageMeterProperties properties;
  @Autowired Appliance appliance;
  @Autowired ApplianceUploads uploads;
  UsageMeterRuns runs;

  @BeforeAll
  static void startLab() throws Exception {
    lab = new UsageMeterLab(dir.resolve("lab"), "umrun", List.of("lab-um-42", "lab-um-44", "lab-um-46"));
    good45 = Files.createDirectories(dir.resolve("a45"));
    new OpensslArtifacts(good45).release45("21350286");
    good47 = Files.createDirectories(dir.resolve("a47"));
    new OpensslArtifacts(good47).release47("21350286");
    shar = Files.createDirectories(dir.resolve("a43"));
    Files.writeString(shar.resolve(UsageMeterAppliance.SHAR_FILE), "#!/bin/sh\n# lab shar\n");
    server = new ArtifactServer();
  }

  @AfterAll
  static void stopLab() {
    server.close();
    lab.close();
  }

  @BeforeEach
  void setUp() {
    runs = new UsageMeterRuns(runtime, tasks, management, identity, history);
    lab.reset();
  }

  @AfterEach
  void resetClockAndServer() {
    ClockUtil.reset();
    server.requiredAuthorization = null;
    server.held.clear();
    server.statusFor.clear();
  }

  private LabHostState um(String id) {
    return lab.um(id);
  }

  private void register(String id, Path artifacts, boolean cdrom, String proxy) {
    registry.register(lab.environment(id, artifacts.toString(), cdrom, proxy));
  }

  /** The estate registered without a proxy and its appliance's sshd enabled (the usual start). */
  private LabHostState registeredWithSshd(String id, Path artifacts, boolean cdrom) {
    register(id, artifacts, cdrom, null);
    LabHostState h = um(id);
    UsageMeterConsole.enableSshd(h);
    return h;
  }

  /** {@code cm} chooses rollback at the restore gate; the run ends rolled back. */
  private void rollBackAt(Task restore, String run) throws Exception {
    runs.complete("cm", restore, Map.of("decision", "rollback"));
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("rolled-back");
  }

  private Task expectGate(String run, String gateId) throws Exception {
    Task task = runs.advance(run);
    assertThat(task).as("run should wait at gate " + gateId + "; refusal: " + runs.variable(run, "refusal")
        + ", outcome: " + runs.variable(run, "runOutcome")).isNotNull();
    assertThat(runs.gateId(task)).isEqualTo(gateId);
    return task;
  }

  private void approveSnapshot(String run) throws Exception {
    Task snapshot = expectGate(run, "ConfirmSnapshot");
    assertThat((String) runs.gateVariable(snapshot, "gateEvidenceSummary")).contains("SHA-", "verified");
    // approving without naming the snapshot is refused by the service
    assertThatThrownBy(() -> runs.complete("cm", snapshot, Map.of("decision", "approve")))
        .hasMessageContaining("snapshotName: required");
    runs.complete("cm", snapshot, Map.of("decision", "approve", "snapshotName", "before-upgrade",
        "snapshotTime", "2024-05-01T21:30Z"));
  }

  private static List<String> answers(LabHostState h) {
    return h.journal().entries().stream().filter(e -> e.source().equals("tty")).map(JournalEntry::command).toList();
  }

  /** The end of a 4.5 run: FIPS reminder approved; the appliance at 4.5 with sshd stopped and disabled, one answer. */
  private void approveFipsAndExpectFortyFive(String run, LabHostState h) throws Exception {
    Task fips = expectGate(run, "FipsCertificates");
    runs.complete("cm", fips, Map.of("decision", "approve"));
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("completed");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.5.0.0");
    assertThat(h.services().get("sshd")).isEqualTo(new ServiceState(false, false));
    assertThat(answers(h)).containsExactly("answer y: " + UsageMeterAppliance.SNAPSHOT_PROMPT);
  }

  @Test
  void fortyFourToFortyFiveWaitsForSshThenUpgradesOverThePtyAndStopsSshd() throws Exception {
    String id = "lab-um-44";
    register(id, good45, false, "http://proxy.lab:3128");
    LabHostState h = um(id);
    h.services().put("sshd", new ServiceState(false, false));
    String run = runs.start("ops", id, "4.5");

    Task enable = expectGate(run, "EnableSsh");
    assertThat((String) runs.gateVariable(enable, "gateEvidenceSummary")).contains("systemctl enable sshd; systemctl start sshd");
    UsageMeterConsole.enableSshd(h);
    runs.complete("cm", enable, Map.of("decision", "retry"));

    approveSnapshot(run);
    approveFipsAndExpectFortyFive(run, h);
    assertThat(Files.readString(h.path("/etc/sysconfig/proxy"))).contains("PROXY_ENABLED=\"yes\"",
        "HTTP_PROXY=\"http://proxy.lab:3128\"");
    assertThat(h.journal().commands()).contains("reboot", "systemctl stop sshd");
    assertThat((String) runs.variable(run, "runSummary")).contains("4.4.0.0 to 4.5.0.0", "Do not revert to the snapshot");
    assertThat(gateUsers(run)).containsOnly("cm");
  }

  /** Who decided each gate of the run (the votes the gate mechanism keeps). */
  private List<String> gateUsers(String run) {
    return history.createHistoricVariableInstanceQuery().variableName("gateVote").includeDeleted().list().stream()
        .filter(v -> run.equals(history.createHistoricProcessInstanceQuery().processInstanceId(v.getProcessInstanceId())
            .singleResult().getRootProcessInstanceId()))
        .flatMap(v -> java.util.regex.Pattern.compile("\"user\":\"([^\"]+)\"").matcher((String) v.getValue()).results()
            .map(m -> m.group(1)))
        .toList();
  }

  @Test
  void fortySixToFortySevenFromTheCdromWithAWrongHostnameAnswersBothPromptsOnce() throws Exception {
    String id = "lab-um-46";
    register(id, good47, true, null);
    LabHostState h = um(id);
    UsageMeterConsole.setHostname(h, "um1-renamed");
    UsageMeterConsole.enableSshd(h);
    String run = runs.start("ops", id, "4.7");
    approveSnapshot(run);

    Task cdrom = expectGate(run, "ConnectCdrom");
    // the gate stands in the shared ISO fragment: its form names the path that called it too
    assertThat((String) runs.gateVariable(cdrom, "gateProcess"))
        .isEqualTo("Usage Meter 4.3+ to 4.7 (UsageMeterTo47) › Usage Meter: verified ISO on /root/upgrade (UsageMeterMountIso)");
    runs.complete("cm", cdrom, Map.of("decision", "approve")); // not connected yet: the mount finds no medium
    cdrom = expectGate(run, "ConnectCdrom");
    assertThat((String) runs.gateVariable(cdrom, "gateEvidenceSummary")).startsWith("Not mounted: the CD-ROM of um1 has no medium");
    UsageMeterConsole.connectCdrom(h, good47.resolve(BASE_47 + ".iso"));
    runs.complete("cm", cdrom, Map.of("decision", "approve"));

    Task hostname = expectGate(run, "WrongHostname");
    assertThat((String) runs.gateVariable(hostname, "gateEvidenceSummary"))
        .contains("Expected hostname: um1, but found: um1-renamed");
    Task still = hostname;
    assertThatThrownBy(() -> runs.complete("cm", still, Map.of("decision", "approve"))).hasMessageContaining("still wrong");
    UsageMeterConsole.setHostname(h, "um1");
    runs.complete("cm", hostname, Map.of("decision", "approve"));
    assertThat(runs.advance(run)).isNull();

    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("completed");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.7.0.0");
    assertThat(h.services().get("sshd")).isEqualTo(new ServiceState(false, false));
    assertThat(answers(h)).containsExactly("answer y: " + UsageMeterAppliance.SNAPSHOT_PROMPT,
        "answer y: " + UsageMeterAppliance.REBOOT_PROMPT);
    assertThat(h.journal().commands()).doesNotContain("reboot"); // the script rebooted on "y"
    assertThat(gateUsers(run)).containsOnly("cm");
  }

  @Test
  void fortyOneToFortyFiveFromTheCdromMountsTheDriveUploadsNothingAndAsksForTheCertificates() throws Exception {
    String id = "lab-um-44";
    register(id, good45, true, null);
    LabHostState h = um(id);
    // the 4.4 appliance tuned to a 4.1 install (no lab estate has 4.1; a reset undoes it)
    h.packages().put(UsageMeterAppliance.PACKAGE, "4.1.0.0");
    UsageMeterConsole.enableSshd(h);
    String run = runs.start("ops", id, "4.5");
    approveSnapshot(run);

    Task cdrom = expectGate(run, "ConnectCdrom");
    assertThat((String) runs.gateVariable(cdrom, "gateEvidenceSummary")).contains("Usage_Meter_Agent-21350286_Upgrade.iso");
    UsageMeterConsole.connectCdrom(h, good45.resolve("Usage_Meter_Agent-21350286_Upgrade.iso"));
    runs.complete("cm", cdrom, Map.of("decision", "approve"));
    Task certificates = expectGate(run, "AcceptCertificates"); // from 4.1.x, before the FIPS reminder
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.5.0.0");
    runs.complete("cm", certificates, Map.of("decision", "approve"));
    approveFipsAndExpectFortyFive(run, h);
    assertThat(h.journal().commands()).anyMatch(c -> c.contains("mount -o loop '/dev/cdrom' '/root/upgrade'"))
        .noneMatch(c -> c.contains(".iso' '/root/upgrade'"));
    assertThat(Files.exists(h.path(Appliance.WORK_DIR + "/Usage_Meter_Agent-21350286_Upgrade.iso"))).isFalse();
    assertThat(gateUsers(run)).containsOnly("cm");
  }

  @Test
  void anotherIsoOnTheCdromIsNotMountedTheGateShowsBothChecksumsAndAnAbortEndsTheRun() throws Exception {
    String id = "lab-um-44";
    LabHostState h = registeredWithSshd(id, good45, true);
    String run = runs.start("ops", id, "4.5");
    approveSnapshot(run);

    Task cdrom = expectGate(run, "ConnectCdrom");
    // the operator picks the 4.7 ISO of the datastore: its bytes are not the verified 4.5 ISO's
    String wrong = UsageMeterAppliance.Iso.fileName("4.7.0.0", "21350286");
    UsageMeterConsole.connectCdrom(h, wrong);
    // reading the medium takes long: the first sha1sum does not return until it is killed
    h.faults().inject(FaultMatcher.program("sha1sum"), Fault.hang(), 1);
    runs.complete("cm", cdrom, Map.of("decision", "approve"));

    // the checksum runs on the appliance, not in a job: the run waits on the poll timer, and the
    // timer's second look at it starts nothing new
    assertThat(runs.runDueJobs(run)).as("the run waits on the CD-ROM checksum poll timer").isTrue();
    assertThat(waitingAt(run, "Timer_CdromChecksumPoll")).isEqualTo(1);
    runs.fireTimers(run);
    assertThat(waitingAt(run, "Timer_CdromChecksumPoll")).isEqualTo(1);
    assertThat(runs.gateTask(run)).isNull();
    List<String> checks = cdromChecksumJobs(h);
    assertThat(checks).hasSize(1);
    assertThat(h.journal().commands()).as("the job started once").filteredOn(c -> c.contains(checks.get(0))).hasSize(1);
    // the appliance stops the read (as a reboot would): back at the gate, saying so
    Path pidFile = h.path(JOB_ROOT + "/" + checks.get(0) + "/pid");
    assertThat(h.processes().kill(Integer.parseInt(Files.readString(pidFile).strip()))).isTrue();
    cdrom = expectGate(run, "ConnectCdrom");
    assertThat((String) runs.gateVariable(cdrom, "gateEvidenceSummary")).contains("sha1sum /dev/cdrom on um1");
    // the next read hangs for good: past transfer-timeout the run is back at the gate, saying so
    h.faults().inject(FaultMatcher.program("sha1sum"), Fault.hang(), 1);
    runs.complete("cm", cdrom, Map.of("decision", "approve"));
    assertThat(runs.runDueJobs(run)).isTrue();
    assertThat(waitingAt(run, "Timer_CdromChecksumPoll")).isEqualTo(1);
    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime()
        + properties.transferTimeout().toMillis()));
    cdrom = expectGate(run, "ConnectCdrom");
    assertThat((String) runs.gateVariable(cdrom, "gateEvidenceSummary"))
        .contains("sha1sum /dev/cdrom on um1 still runs after upgradeflow.usage-meter.transfer-timeout");
    runs.complete("cm", cdrom, Map.of("decision", "approve")); // the next attempt checks anew

    cdrom = expectGate(run, "ConnectCdrom");
    assertThat(cdromChecksumJobs(h)).hasSize(3);
    String verified = sha1(good45.resolve("Usage_Meter_Agent-21350286_Upgrade.iso"));
    String connected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
        .digest(org.upgradeflow.lab.usagemeter.LabUpgradeFiles.isoContent(wrong)));
    assertThat(connected).isNotEqualTo(verified);
    assertThat((String) runs.gateVariable(cdrom, "gateEvidenceSummary"))
        .startsWith("Not mounted: the connected medium is not the verified ISO").contains(connected, verified);
    assertThat(h.journal().commands()).noneMatch(c -> c.contains("mount -o loop"));
    assertThat(Files.readString(h.path(UsageMeterAppliance.MOUNTS))).doesNotContain(UsageMeterAppliance.MOUNT_POINT);
    assertThat(answers(h)).isEmpty();

    runs.complete("cm", cdrom, Map.of("decision", "abort", "reason", "the right ISO is not on the datastore yet"));
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("aborted");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.4.0.0");
    assertThat(answers(h)).isEmpty();
  }

  @Test
  void anAbortAtTheFirstCdromGateOfFortySevenEndsTheRunBeforeAnythingIsMounted() throws Exception {
    String id = "lab-um-46";
    LabHostState h = registeredWithSshd(id, good47, true);
    String run = runs.start("ops", id, "4.7");
    approveSnapshot(run);

    // no mount was tried yet: the ISO part hands back "not mounted" all the same
    Task cdrom = expectGate(run, "ConnectCdrom");
    runs.complete("cm", cdrom, Map.of("decision", "abort", "reason", "the ISO is not on the datastore"));
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("aborted");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.6.0.0");
    assertThat(h.journal().commands()).noneMatch(c -> c.contains("mount -o loop") || c.contains("sha1sum"));
    assertThat(answers(h)).isEmpty();
  }

  static final String JOB_ROOT = "/var/tmp/upgradeflow/jobs";

  /** The detached {@code sha1sum /dev/cdrom} jobs on the appliance (one per connect attempt). */
  private static List<String> cdromChecksumJobs(LabHostState h) throws Exception {
    try (var dirs = Files.list(h.path(JOB_ROOT))) {
      return dirs.map(d -> d.getFileName().toString()).filter(n -> n.contains("-cdrom-sha1-")).sorted().toList();
    }
  }

  /**
   * Executions of the run's UsageMeterMountIso instance (the upload and CD-ROM loops the 4.5 and
   * 4.7 paths call) waiting at this activity; the run has exactly one such instance while it waits there.
   */
  private long waitingAt(String run, String activityId) {
    List<org.camunda.bpm.engine.runtime.ProcessInstance> mount = runtime.createProcessInstanceQuery()
        .rootProcessInstanceId(run).processDefinitionKey("UsageMeterMountIso").list();
    assertThat(mount).as("the run's UsageMeterMountIso instance").hasSize(1);
    return runtime.createExecutionQuery().processInstanceId(mount.get(0).getId()).activityId(activityId).count();
  }

  private static String sha1(Path file) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file)));
  }

  /** The run waits at the post-upgrade gate; it passes its hold deadline and cm aborts from the hold. */
  private void abortFromTheHold(String run, String gateId) throws Exception {
    expectGate(run, gateId);
    Task hold = runs.hold(run, java.time.Duration.ofMinutes(61));
    assertThat(runs.gateId(hold)).isEqualTo(gateId);
    runs.complete("cm", hold, Map.of("decision", "abort", "reason", "change window closed; certificates tomorrow"));
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("aborted");
    assertThat(runs.variable(run, "runSummary")).as("no summary after an abort").isNull();
  }

  @Test
  void anAbortFromTheHoldOfTheCertificateGateEndsTheFortyThreeRunAborted() throws Exception {
    String id = "lab-um-42";
    register(id, shar, false, null);
    String run = runs.start("ops", id, "4.3");
    approveSnapshot(run);
    abortFromTheHold(run, "AcceptCertificates");
    assertThat(um(id).packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.3.0.0"); // what was done stays done
  }

  @Test
  void anAbortFromTheHoldOfTheFipsGateEndsTheFortyFiveRunAborted() throws Exception {
    String id = "lab-um-44";
    registeredWithSshd(id, good45, false);
    String run = runs.start("ops", id, "4.5");
    approveSnapshot(run);
    abortFromTheHold(run, "FipsCertificates");
    assertThat(um(id).services().get("sshd")).isEqualTo(new ServiceState(false, false));
  }

  @Test
  void fortyTwoToFortyThreeRunsTheSharDetachedRebootsAndAsksForTheCertificates() throws Exception {
    String id = "lab-um-42";
    register(id, shar, false, null);
    LabHostState h = um(id);
    String run = runs.start("ops", id, "4.3");
    approveSnapshot(run);
    Task certificates = expectGate(run, "AcceptCertificates");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo(UsageMeterAppliance.SHAR_RELEASE);
    runs.complete("cm", certificates, Map.of("decision", "approve"));
    assertThat(runs.advance(run)).isNull();

    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("completed");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.3.0.0");
    assertThat(h.services().get("sshd").running()).isFalse();
    assertThat(h.services().get("sshd").enabled()).isFalse(); // enabled for the reboot by the run, disabled again
    assertThat(h.journal().commands()).contains("service sshd stop", "reboot");
    assertThat(Files.exists(h.path(UsageMeterAppliance.OLD_INSTALL_DIR + "/version"))).isTrue();
    assertThat(gateUsers(run)).containsOnly("cm");
  }

  @ParameterizedTest
  @CsvSource({"lab-um-44, 4.5", "lab-um-46, 4.7"})
  void offlineAfterTheUpgradeEndsAtTheRestoreGateWithTheErrorsOfTheReleasesLog(String id, String target) throws Exception {
    boolean fortySeven = target.equals("4.7");
    register(id, fortySeven ? good47 : good45, false, null);
    LabHostState h = um(id);
    UsageMeterConsole.enableSshd(h);
    UsageMeterConsole.failUpgrade(h);
    String run = runs.start("ops", id, target);
    approveSnapshot(run);

    Task restore = expectGate(run, "RestoreSnapshot");
    String log = fortySeven ? UsageMeterAppliance.LOG_47 : UsageMeterAppliance.LOG_45;
    assertThat((String) runs.gateVariable(restore, "upgradeLogPath")).isEqualTo(log);
    // the lines the appliance's log holds, read from the appliance's truth
    List<String> errors = Files.readAllLines(h.path(log)).stream().filter(l -> l.contains(" ERROR ")).toList();
    assertThat(errors).hasSize(3).anyMatch(l -> l.contains("Upgrade to " + target + ".0.0 failed"));
    assertThat((String) runs.gateVariable(restore, "gateEvidenceRows")).contains(errors)
        .doesNotContain("Upgrade completed successfully");
    assertThat((String) runs.gateVariable(restore, "gateEvidenceSummary")).contains("Offline", "before-upgrade");
    rollBackAt(restore, run);
  }

  /**
   * The instance that wrote the start marker died before its session began (a restart): the
   * next instance finds no session, no upgrade-um.sh process and the appliance below the target,
   * and goes to the restore gate at once, not after script-timeout.
   */
  @Test
  void aScriptThatNoLongerRunsBelowTheTargetEndsAtTheRestoreGateAsInterrupted() throws Exception {
    String id = "lab-um-44";
    LabHostState h = registeredWithSshd(id, good45, false);
    String run = runs.start("ops", id, "4.5");
    expectGate(run, "ConfirmSnapshot");
    String path = runtime.createProcessInstanceQuery().processDefinitionKey("UsageMeterTo45").superProcessInstanceId(run)
        .singleResult().getId();
    Files.createDirectories(h.path(Appliance.WORK_DIR));
    Files.writeString(h.path(UpgradeScript.marker("um-" + path)), "");
    java.util.Date before = ClockUtil.getCurrentTime();
    approveSnapshot(run);

    Task restore = expectGate(run, "RestoreSnapshot");
    assertThat(ClockUtil.getCurrentTime().getTime() - before.getTime()).as("engine time waited")
        .isLessThan(properties.scriptTimeout().toMillis());
    assertThat((String) runs.gateVariable(restore, "gateEvidenceSummary")).startsWith("The upgrade did not finish: the"
        + " upgrade script was interrupted: upgrade-um.sh no longer runs on um1 and the appliance is still at 4.4.0.0")
        .contains("before-upgrade");
    assertThat((String) runs.gateVariable(restore, "upgradeLogPath")).isEqualTo(UsageMeterAppliance.LOG_45);
    assertThat((String) runs.gateVariable(restore, "gateEvidenceRows")).contains(UsageMeterAppliance.LOG_45);
    assertThat(answers(h)).isEmpty();
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.4.0.0");
    rollBackAt(restore, run);
  }

  @Test
  void tooLittleSpaceForTheUploadRefusesTheRunBeforeAnythingChanges() throws Exception {
    String id = "lab-um-44";
    LabHostState h = registeredWithSshd(id, good45, false);
    h.setDisk(h.diskTotalKb(), 100);
    String run = runs.start("ops", id, "4.5");
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("refused");
    assertThat((String) runs.variable(run, "refusal")).startsWith("um1: not enough space in /var/tmp for "
        + "Usage_Meter_Agent-21350286_Upgrade.iso (100 KiB free, ").endsWith(" KiB needed)");
    assertThat(h.journal().entries()).allMatch(e -> e.source().equals("console"));
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.4.0.0");
  }

  @Test
  void whatTheProceduresDoNotAllowIsRefusedBeforeAnythingChanges() throws Exception {
    assertThatThrownBy(() -> runs.start("ops", "lab-um-44", "4.6")).hasMessageContaining("targetVersion: expected 4.3, 4.5 or 4.7, got '4.6'");
    assertThatThrownBy(() -> runs.start("ops", "lab-um-nope", "4.5")).hasMessageContaining("lab-um-nope");
    register("lab-um-42", good47, false, null);
    String fromFortyTwo = runs.start("ops", "lab-um-42", "4.7");
    assertThat(runs.advance(fromFortyTwo)).isNull();
    assertThat(runs.variable(fromFortyTwo, "runOutcome")).isEqualTo("refused");
    assertThat((String) runs.variable(fromFortyTwo, "refusal")).contains("4.7 needs 4.3 or later");

    register("lab-um-46", good45, false, null);
    UsageMeterConsole.enableSshd(um("lab-um-46"));
    String downgrade = runs.start("ops", "lab-um-46", "4.5");
    assertThat(runs.advance(downgrade)).isNull();
    assertThat((String) runs.variable(downgrade, "refusal")).contains("downgrade");
    assertThat(um("lab-um-42").journal().commands()).isEmpty();
    assertThat(um("lab-um-46").journal().entries()).allMatch(e -> e.source().equals("console"));
  }

  private static Path copy(Path from, String name) throws Exception {
    Path to = Files.createDirectories(dir.resolve(name));
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }

  /** Runs to the end and returns the refusal; nothing may have touched the appliance. */
  private String refused(String id, Path artifacts, String target) throws Exception {
    return refused(id, artifacts.toString(), target);
  }

  /** The same with the artifacts as the environment names them: a directory or a URL. */
  private String refused(String id, String artifacts, String target) throws Exception {
    registry.register(lab.environment(id, artifacts, false, null));
    String run = runs.start("ops", id, target);
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("refused");
    assertThat(um(id).journal().entries()).as("journal of " + id).isEmpty();
    return (String) runs.variable(run, "refusal");
  }

  /** The good 4.5 files with one bit of the ISO flipped. */
  private static Path tamperedIso(String name) throws Exception {
    Path tampered = copy(good45, name);
    Path iso = tampered.resolve("Usage_Meter_Agent-21350286_Upgrade.iso");
    byte[] bytes = Files.readAllBytes(iso);
    bytes[1000] ^= 1;
    Files.write(iso, bytes);
    return tampered;
  }

  @Test
  void aTamperedIsoStopsTheRunBeforeTheApplianceIsTouched() throws Exception {
    assertThat(refused("lab-um-44", tamperedIso("tampered-iso"), "4.5"))
        .startsWith("Usage_Meter_Agent-21350286_Upgrade.iso: SHA-1 is").contains("but Usage_Meter_Agent-21350286 says");
  }

  @Test
  void aTamperedManifestStopsTheRunBeforeTheApplianceIsTouched() throws Exception {
    Path tampered = copy(good47, "tampered-mf");
    Path mf = tampered.resolve("Usage_Meter_Agent-4.7.0.0-21350286_Upgrade.mf");
    Files.writeString(mf, Files.readString(mf).replaceFirst("= [0-9a-f]", "= 0"));
    assertThat(refused("lab-um-46", tampered, "4.7")).isEqualTo("Usage_Meter_Agent-4.7.0.0-21350286_Upgrade.sign: "
        + "signature does not verify over Usage_Meter_Agent-4.7.0.0-21350286_Upgrade.mf with the public key of "
        + "Usage_Meter_Agent-4.7.0.0-21350286_Upgrade.crt");
  }

  @Test
  void aSignatureByAnotherKeyStopsTheRunBeforeTheApplianceIsTouched() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other-key"));
    OpensslArtifacts vendor = new OpensslArtifacts(other);
    vendor.release45("21350286");
    vendor.sign("Usage_Meter_Agent-21350286_Upgrade.iso", "Usage_Meter_Agent-21350286", "other.key", "signer.crt");
    assertThat(refused("lab-um-44", other, "4.5")).contains("Usage_Meter_Agent-21350286_Upgrade.sign: signature does not verify");
  }

  @Test
  void anExpiredCertificateStopsTheRunBeforeTheApplianceIsTouched() throws Exception {
    // the signing certificate is valid for 30 days; the engine's clock says 60 days later
    ClockUtil.setCurrentTime(new java.util.Date(System.currentTimeMillis() + 60L * 24 * 3600 * 1000));
    assertThat(refused("lab-um-44", good45, "4.5")).startsWith("Usage_Meter_Agent-21350286_Upgrade.crt: certificate expired on");
  }

  @Test
  void anUnexpectedPromptEndsTheRunWithTheTranscriptAndNothingIsAnsweredForIt() throws Exception {
    String id = "lab-um-44";
    LabHostState h = registeredWithSshd(id, good45, false);
    UsageMeterConsole.addUpgradePrompt(h, "Database schema check found warnings. Continue anyway? (y/n):");
    String run = runs.start("ops", id, "4.5");
    approveSnapshot(run);
    assertThat(runs.advance(run)).isNull();

    assertThat(runs.variable(run, "runOutcome")).isEqualTo("failed");
    assertThat((String) runs.variable(run, "upgradeScriptTranscript")).contains("Continue anyway? (y/n):");
    assertThat((String) runs.variable(run, "refusal")).contains("upgrade-um.sh on um1 failed");
    assertThat(answers(h)).first().isEqualTo("answer y: " + UsageMeterAppliance.SNAPSHOT_PROMPT);
    assertThat(answers(h)).noneMatch(a -> a.startsWith("answer y: Database"));
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.4.0.0");
  }

  @Test
  void anUnknownHostKeyRefusesTheRun() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
    registry.register(lab.environment("lab-um-44", good45.toString(), false, null, empty));
    String run = runs.start("ops", "lab-um-44", "4.5");
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).isEqualTo("refused");
    assertThat((String) runs.variable(run, "refusal")).containsIgnoringCase("host key");
    assertThat(um("lab-um-44").journal().entries()).isEmpty();
  }

  @Test
  void runningWithErrorsEndsWellWithAWarningAndTheNewestLogTail() throws Exception {
    String id = "lab-um-46";
    LabHostState h = registeredWithSshd(id, good47, false);
    UsageMeterConsole.addStatusErrors(h, "ERROR vCenter vc1.lab: certificate not trusted");
    String run = runs.start("ops", id, "4.7");
    approveSnapshot(run);
    assertThat(runs.advance(run)).isNull();

    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("completed");
    assertThat((String) runs.variable(run, "statusWarning")).contains("Running with errors",
        "ERROR vCenter vc1.lab: certificate not trusted", UsageMeterAppliance.LOG_47, "Upgrade completed successfully");
    assertThat((String) runs.variable(run, "runSummary")).contains("WARNING: status.sh reported errors");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.7.0.0");
  }

  // ---- upgrade files from an http(s) URL (a real HTTP server on the loopback) -----------------

  static final String BASE_47 = "Usage_Meter_Agent-4.7.0.0-21350286_Upgrade";

  @Test
  void filesFromAUrlAreDownloadedWhileTheRunWaitsOnATimerThenVerifiedAndUploaded() throws Exception {
    String id = "lab-um-46";
    String url = server.serve("release47", good47).replace("http://", "http://deploy:s3cr3t@");
    server.requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString("deploy:s3cr3t".getBytes());
    CountDownLatch iso = new CountDownLatch(1);
    server.held.put(BASE_47 + ".iso", iso); // the ISO's second half waits: a download longer than a job may take
    registry.register(lab.environment(id, url, false, null));
    LabHostState h = um(id);
    UsageMeterConsole.enableSshd(h);
    String run = runs.start("ops", id, "4.7");

    assertThat(runs.runDueJobs(run)).as("the run waits on the download poll timer").isTrue();
    assertThat(runs.variable(run, "artifactsLocal")).isEqualTo(false);
    assertThat((String) runs.variable(run, "artifactSource")).startsWith("http://***@127.0.0.1:");
    assertThat(h.journal().entries()).as("only the console's sshd enable so far").allMatch(e -> e.source().equals("console"));
    iso.countDown();

    Task snapshot = runs.advance(run);
    assertThat(snapshot).as("refusal: " + runs.variable(run, "refusal")).isNotNull();
    assertThat(runs.gateId(snapshot)).isEqualTo("ConfirmSnapshot");
    assertThat((String) runs.gateVariable(snapshot, "gateEvidenceSummary")).contains(BASE_47 + ".iso SHA-1", "verified");
    runs.complete("cm", snapshot, Map.of("decision", "approve", "snapshotName", "before-upgrade",
        "snapshotTime", "2024-05-01T21:30Z"));
    assertThat(runs.advance(run)).isNull();

    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("completed");
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.7.0.0");
    assertThat(answers(h)).containsExactly("answer y: " + UsageMeterAppliance.SNAPSHOT_PROMPT,
        "answer y: " + UsageMeterAppliance.REBOOT_PROMPT);
    // the ISO on the appliance is the one the server served, fetched once
    assertThat(Files.readAllBytes(h.path(Appliance.WORK_DIR + "/" + BASE_47 + ".iso")))
        .isEqualTo(Files.readAllBytes(good47.resolve(BASE_47 + ".iso")));
    assertThat(server.gets(BASE_47 + ".iso")).isEqualTo(1);
    assertThat(runs.allVariableValues(run)).doesNotContain("s3cr3t").doesNotContain("deploy:");
  }

  @Test
  void theIsoIsUploadedOffTheJobOnceAndABrokenUploadIsStartedAgainReplacingThePart() throws Exception {
    String id = "lab-um-46";
    LabHostState h = registeredWithSshd(id, good47, false);
    String iso = Appliance.WORK_DIR + "/" + BASE_47 + ".iso";
    // the appliance's digest of the transferred part does not return (a slow disk): the upload holds
    h.faults().inject(argv -> argv.get(0).equals("sha1sum") && String.join(" ", argv).contains(".upgradeflow-part"),
        Fault.hang(), 1);
    String run = runs.start("ops", id, "4.7");
    approveSnapshot(run);

    assertThat(runs.runDueJobs(run)).as("the run waits on the upload poll timer").isTrue();
    assertThat(waitingAt(run, "Timer_UploadPoll")).isEqualTo(1);
    runs.fireTimers(run); // the step looks again: the upload still runs, nothing new starts
    assertThat(waitingAt(run, "Timer_UploadPoll")).isEqualTo(1);
    assertThat(runs.allVariableValues(run)).contains("artifactUploaded=false").doesNotContain("artifactUploaded=true");
    // the transfer goes on on the service's thread while no job runs: the part is written once
    for (int i = 0; i < 500 && sftpWrites(h).isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(sftpWrites(h)).hasSize(1);
    assertThat(Files.exists(h.path(RemoteShell.partPath(iso)))).isTrue();
    assertThat(Files.exists(h.path(iso))).isFalse();
    runs.fireTimers(run);
    assertThat(waitingAt(run, "Timer_UploadPoll")).isEqualTo(1);
    assertThat(sftpWrites(h)).hasSize(1);

    // the connection breaks under the upload (as when the service stops): the job that looks
    // next fails with the reason, its retry starts the upload again, the part is written anew
    // and renamed once its digest is the verified one
    appliance.shell().disconnect(appliance.target(id));
    assertThatThrownBy(() -> runs.advance(run)).hasMessageContaining("um1").hasMessageContaining(".upgradeflow-part");
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("completed");
    assertThat(sftpWrites(h)).hasSize(2).allMatch(w -> w.endsWith(RemoteShell.partPath(iso)));
    assertThat(Files.readAllBytes(h.path(iso))).isEqualTo(Files.readAllBytes(good47.resolve(BASE_47 + ".iso")));
    assertThat(Files.exists(h.path(RemoteShell.partPath(iso)))).isFalse();
    assertThat(h.packages().get(UsageMeterAppliance.PACKAGE)).isEqualTo("4.7.0.0");
  }

  @Test
  void anUploadStillRunningAfterTheTransferTimeoutFailsItsJobNamingTheSetting() throws Exception {
    String id = "lab-um-46";
    registeredWithSshd(id, good47, false);
    LabHostState h = um(id);
    String iso = Appliance.WORK_DIR + "/" + BASE_47 + ".iso";
    h.faults().inject(argv -> argv.get(0).equals("sha1sum") && String.join(" ", argv).contains(".upgradeflow-part"),
        Fault.hang(), 1);
    String run = runs.start("ops", id, "4.7");
    approveSnapshot(run);
    assertThat(runs.runDueJobs(run)).isTrue();
    assertThat(waitingAt(run, "Timer_UploadPoll")).isEqualTo(1);

    ClockUtil.setCurrentTime(new java.util.Date(ClockUtil.getCurrentTime().getTime()
        + properties.transferTimeout().toMillis()));
    assertThatThrownBy(() -> runs.fireTimers(run)).hasMessageContaining("the upload of " + BASE_47 + ".iso to the"
        + " appliance still runs after upgradeflow.usage-meter.transfer-timeout");
    assertThat(Files.exists(h.path(iso))).isFalse();

    // the upload belongs to the run's ISO fragment instance: another run waits for it and starts no second transfer
    String owner = history.createHistoricProcessInstanceQuery().rootProcessInstanceId(run)
        .processDefinitionKey("UsageMeterMountIso").singleResult().getId();
    int writes = sftpWrites(h).size();
    ApplianceUploads.Status other = pollUpload("another-run", id, iso);
    assertThat(other.state()).isEqualTo(ApplianceUploads.State.RUNNING);
    assertThat(other.detail()).isEqualTo("waiting for an earlier run's upload to " + iso + " to end");
    assertThat(sftpWrites(h)).hasSize(writes);

    // the held transfer ends (the appliance drops its connections); its owner's record of it is consumed
    runtime.deleteProcessInstance(run, "test over");
    lab.setReachable(id, false);
    ApplianceUploads.Status last = null;
    try {
      for (int i = 0; i < 3000 && (last == null || last.state() == ApplianceUploads.State.RUNNING); i++) {
        Thread.sleep(20);
        last = pollUpload(owner, id, iso);
      }
    } finally {
      lab.setReachable(id, true);
    }
    assertThat(last.state()).isEqualTo(ApplianceUploads.State.FAILED);
  }

  private ApplianceUploads.Status pollUpload(String owner, String id, String iso) throws Exception {
    return uploads.poll(owner, id, appliance.target(id), good47.resolve(BASE_47 + ".iso"), iso,
        org.upgradeflow.remote.Checksum.SHA1, sha1(good47.resolve(BASE_47 + ".iso")));
  }

  private static List<String> sftpWrites(LabHostState h) {
    return h.journal().entries().stream().map(JournalEntry::command).filter(c -> c.startsWith("sftp write ")).toList();
  }

  @Test
  void anHttpErrorRefusesTheRunNamingTheUrlAndStatusBeforeTheApplianceIsTouched() throws Exception {
    String url = server.serve("missing-sign", good45);
    server.statusFor.put("Usage_Meter_Agent-21350286_Upgrade.sign", 404);
    assertThat(refused("lab-um-44", url, "4.5"))
        .isEqualTo("artifacts: GET " + url + "Usage_Meter_Agent-21350286_Upgrade.sign answered HTTP 404");
    assertThat(refused("lab-um-44", server.base() + "/no-such-release/", "4.5"))
        .isEqualTo("artifacts: GET " + server.base() + "/no-such-release/ answered HTTP 404");
  }

  @Test
  void aTamperedIsoServedIsRefusedAsFromADirectory() throws Exception {
    assertThat(refused("lab-um-44", server.serve("tampered", tamperedIso("tampered-served")), "4.5"))
        .startsWith("Usage_Meter_Agent-21350286_Upgrade.iso: SHA-1 is").contains("but Usage_Meter_Agent-21350286 says");
  }
}
