package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.usagemeter.UsageMeterAppliance;
import org.upgradeflow.lab.usagemeter.UsageMeterConsole;

/**
 * Upgrade files from an http(s) URL: a real HTTP server on the loopback serves them, the run
 * downloads them off the job executor (timer polls while the download runs), verifies them as it
 * verifies a directory, and only then touches the appliance. Judged by the lab's truth and the
 * server's request log.
 */
@ServiceTest
class UsageMeterArtifactUrlProcessTest {

  static final String BASE_47 = "Usage_Meter_Agent-4.7.0.0-21350286_Upgrade";

  @TempDir
  static Path dir;
  static UsageMeterLab lab;
  static ArtifactServer server;
  static Path good47;
  static Path good45;

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  UsageMeterRuns runs;

  @BeforeAll
  static void start() throws Exception {
    lab = new UsageMeterLab(dir.resolve("lab"), "umurl", List.of("lab-um-44", "lab-um-46"));
    good47 = Files.createDirectories(dir.resolve("a47"));
    new OpensslArtifacts(good47).release47("21350286");
    good45 = Files.createDirectories(dir.resolve("a45"));
    new OpensslArtifacts(good45).release45("21350286");
    server = new ArtifactServer();
  }

  @AfterAll
  static void stop() {
    server.close();
    lab.close();
  }

  @BeforeEach
  void setUp() {
    runs = new UsageMeterRuns(runtime, tasks, management, identity, history);
    lab.reset();
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    server.requiredAuthorization = null;
    server.held.clear();
    server.statusFor.clear();
  }

  private static List<String> answers(LabHostState h) {
    return h.journal().entries().stream().filter(e -> e.source().equals("tty")).map(JournalEntry::command).toList();
  }

  @Test
  void filesFromAUrlAreDownloadedWhileTheRunWaitsOnATimerThenVerifiedAndUploaded() throws Exception {
    String id = "lab-um-46";
    String url = server.serve("release47", good47).replace("http://", "http://deploy:s3cr3t@");
    server.requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString("deploy:s3cr3t".getBytes());
    CountDownLatch iso = new CountDownLatch(1);
    server.held.put(BASE_47 + ".iso", iso); // the ISO's second half waits: a download longer than a job may take
    registry.register(lab.environment(id, url, false, null));
    LabHostState h = lab.um(id);
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

  /** Runs to its end: refused, with nothing sent to the appliance. */
  private String refused(String id, String url, String target) throws Exception {
    registry.register(lab.environment(id, url, false, null));
    String run = runs.start("ops", id, target);
    assertThat(runs.advance(run)).isNull();
    assertThat(runs.variable(run, "runOutcome")).as(runs.incidents(run)).isEqualTo("refused");
    assertThat(lab.um(id).journal().entries()).as("journal of " + id).isEmpty();
    return (String) runs.variable(run, "refusal");
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
    Path tampered = Files.createDirectories(dir.resolve("tampered"));
    try (var files = Files.list(good45)) {
      for (Path f : files.toList()) {
        Files.copy(f, tampered.resolve(f.getFileName()));
      }
    }
    Path iso = tampered.resolve("Usage_Meter_Agent-21350286_Upgrade.iso");
    byte[] bytes = Files.readAllBytes(iso);
    bytes[1000] ^= 1;
    Files.write(iso, bytes);
    assertThat(refused("lab-um-44", server.serve("tampered", tampered), "4.5"))
        .startsWith("Usage_Meter_Agent-21350286_Upgrade.iso: SHA-1 is").contains("but Usage_Meter_Agent-21350286 says");
  }
}
