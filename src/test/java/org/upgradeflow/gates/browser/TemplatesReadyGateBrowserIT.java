package org.upgradeflow.gates.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.upgradeflow.gates.GateNotification;
import org.upgradeflow.gates.GateNotifier;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.LabEstates;
import org.upgradeflow.testing.GateRuns;
import org.upgradeflow.testing.JobDriver;

/**
 * The templates-READY gate of a real lab run, in the real Tasklist, in headless Chromium. ops
 * starts CloudStackUpgrade on lab-cs-42x through the engine's REST API, cm and cm2 approve the plan
 * (four-eyes) the same way, and the run goes on to the CloudStack42xTo43 path's SystemVmTemplates
 * gate. Then cm logs in to Tasklist, opens the gate from the link its notification carries, sees
 * where it stands and the evidence table (XenServer's 4.3 template still downloading), is refused
 * when approving, with the service's message shown in Tasklist (the submit answered 400, not 500),
 * and approves once the lab has finished the download; the run then goes past the gate and stops
 * the management servers (the lab hosts' journals). Screenshots go to target/screenshots/.
 *
 * <p>The service runs with the lab (one estate) on a real port, with an engine and database of its
 * own (failsafe, own JVM); the job executor is off, {@link JobDriver} runs the run's jobs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "upgradeflow.lab.estates=lab-cs-42x",
    "upgradeflow.lab.dir=target/gate-browser-lab",
    "upgradeflow.lab.time-scale=0.002",
    "upgradeflow.base-url=http://upgradeflow.lab:8080",
    "camunda.bpm.process-engine-name=gatebrowser",
    "spring.datasource.url=jdbc:h2:mem:gatebrowser;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"})
@ActiveProfiles({"test", "lab"})
class TemplatesReadyGateBrowserIT {

  static final String ESTATE = "lab-cs-42x";
  static final String STOP_MANAGEMENT = "service 'cloudstack-management' stop";
  static final Duration WAIT = Duration.ofSeconds(60);
  /** this context's engine by name: /engine-rest/... alone means the engine named "default" */
  static final String ENGINE_REST = "/engine-rest/engine/gatebrowser";

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired GateNotifier notifier;
  @Autowired LabEstates estates;

  LabEstate estate;
  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void estateAsTheOperatorLeftItBeforeTheUpgrade() throws Exception {
    browser = Chromium.start();
    wait = new WebDriverWait(browser, WAIT);
    estate = estates.find(ESTATE).orElseThrow();
    estate.reset();
    // the 4.2 estate runs VMware in zone 2: as the upgrade guide asks, the operator has registered
    // the 4.3 VMware template (downloaded); XenServer's 4.3 template is still downloading (42 %)
    CloudStackLab.of(estate).orElseThrow().registerVmwareTemplate();
  }

  @AfterEach
  void closeBrowser() {
    ClockUtil.reset();
    if (browser != null) {
      browser.quit();
    }
  }

  private String local(String link) {
    URI uri = URI.create(link);
    return "http://localhost:" + port + uri.getRawPath() + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
  }

  @Test
  void cmIsRefusedWhileATemplateIsNotReadyApprovesOnceTheDownloadCompletedAndTheRunGoesOn() throws Exception {
    GateRuns runs = new GateRuns(runtime, tasks, management, identity);
    String run = startAs("ops");
    JobDriver.drive(management, run);
    completeOverRest("cm", gate(runs, run, "ApprovePlan"), "approve");
    completeOverRest("cm2", gate(runs, run, "ApprovePlan"), "approve");
    JobDriver.drive(management, run);

    String taskId = gate(runs, run, "SystemVmTemplates");
    String gateRun = tasks.createTaskQuery().taskId(taskId).singleResult().getProcessInstanceId();
    assertThat(runtime.getVariable(gateRun, "gateConditionHolds")).isEqualTo(false);
    assertThat(stopsOfManagementServers()).as("nothing stops while the gate waits").isZero();
    GateNotification opened = notifier.recent().stream()
        .filter(n -> gateRun.equals(n.processInstanceId()) && n.kind() == GateNotification.Kind.GATE_OPENED)
        .findFirst().orElseThrow();
    assertThat(opened.taskLink()).isEqualTo("http://upgradeflow.lab:8080/camunda/app/tasklist/gatebrowser/#/?task=" + taskId);

    try {
      logIn("cm", "cm");
      browser.get(local(opened.taskLink()));

      // the evidence table: one row per zone and hypervisor in use, XenServer still downloading
      WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.fjs-table")));
      wait.until(ExpectedConditions.textToBePresentInElement(table, "systemvm-xenserver-4.3 DOWNLOAD_IN_PROGRESS 42%"));
      assertThat(table.getText()).contains("zone 1 KVM", "systemvm-kvm-4.3 READY", "zone 2 XenServer",
          "zone 2 VMware", "systemvm-vmware-4.3 READY");
      // what a change manager needs at 2 a.m.: which estate, path and step, the deadlines, how old the evidence is
      assertThat(browser.findElement(By.cssSelector(".fjs-form")).getText())
          .contains("Gate SystemVmTemplates of " + ESTATE, "Environment: " + ESTATE, "run started by: ops",
              "Path: CloudStack 4.2.x to 4.3 (CloudStack42xTo43)", "step: 4.3 system VM templates READY?",
              "Escalates at " + runtime.getVariable(gateRun, "gateEscalationAt"),
              "goes on hold at " + runtime.getVariable(gateRun, "gateHoldAt"),
              "gathered " + runtime.getVariable(gateRun, "gateEvidenceAt"),
              "The gate's condition does not hold");
      Chromium.screenshot(browser, "gate-templates-ready-1-evidence");

      claim();
      choose("approve");
      complete();
      WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
          "//*[contains(normalize-space(.), 'Gate SystemVmTemplates cannot be approved') and not(*[contains(normalize-space(.), 'Gate SystemVmTemplates cannot be approved')])]")));
      assertThat(refusal.getText()).contains("not READY: zone 2 systemvm-xenserver-4.3");
      assertThat(submitStatuses(taskId)).containsExactly(400);
      Chromium.screenshot(browser, "gate-templates-ready-2-refused");
      assertThat(tasks.createTaskQuery().taskId(taskId).count()).isOne();

      // the lab finishes the download; approving gathers the evidence again and passes
      assertThat(http.withBasicAuth("cm", "cm").postForEntity("/lab/estates/" + ESTATE
          + "/templates/XenServer?state=DOWNLOADED", null, String.class).getStatusCode().value()).isEqualTo(200);
      complete();
      wait.until(d -> tasks.createTaskQuery().taskId(taskId).count() == 0);
      assertThat(submitStatuses(taskId)).containsExactly(204);
      Chromium.screenshot(browser, "gate-templates-ready-3-approved");
    } catch (RuntimeException | AssertionError e) {
      // what the browser showed, for the failing build's artifacts
      Files.createDirectories(Chromium.SCREENSHOTS);
      Files.writeString(Chromium.SCREENSHOTS.resolve("gate-templates-ready-failure.html"), browser.getPageSource());
      Chromium.screenshot(browser, "gate-templates-ready-failure");
      throw e;
    }

    assertThat(finalVariable(gateRun, "gateOutcome")).isEqualTo("approve");
    assertThat(finalVariable(gateRun, "gateConditionHolds")).as("the evidence approval was checked on").isEqualTo(true);
    // the vote is kept with the task it completed (a task-local variable, in history once completed)
    assertThat((String) history.createHistoricVariableInstanceQuery().taskIdIn(taskId).variableName("gateVote")
        .includeDeleted().singleResult().getValue()).contains("\"user\":\"cm\"", "\"decision\":\"approve\"");
    // the operation log names the user the browser was logged in as
    assertThat(history.createUserOperationLogQuery().taskId(taskId).operationType("Complete").singleResult().getUserId())
        .isEqualTo("cm");

    // past the gate: the path stops both management servers (the lab's own record of commands)
    JobDriver.drive(management, run, () -> stopsOfManagementServers() == 2);
    assertThat(history.createHistoricActivityInstanceQuery().activityId("Task_StopManagementServers").finished()
        .count()).isEqualTo(2);
    assertThat(journal("ms1")).contains(STOP_MANAGEMENT);
    assertThat(journal("ms2")).contains(STOP_MANAGEMENT);
    assertThat(runtime.createIncidentQuery().count()).isZero();
  }

  @SuppressWarnings("unchecked")
  private String startAs(String user) {
    Map<String, Object> started = http.withBasicAuth(user, user).postForObject(
        ENGINE_REST + "/process-definition/key/CloudStackUpgrade/start",
        Map.of("variables", Map.of("environmentId", Map.of("value", ESTATE))), Map.class);
    assertThat(started).containsKey("id");
    return (String) started.get("id");
  }

  /** The open decision task of the run's gate {@code gateId}. */
  private String gate(GateRuns runs, String run, String gateId) {
    Task task = runs.taskOfRun(run, "Gate_Decide");
    assertThat(runtime.getVariable(task.getProcessInstanceId(), "gateId")).as("the gate run %s waits at", run)
        .isEqualTo(gateId);
    return task.getId();
  }

  /** Completes a gate through the engine's REST API as {@code user} (the lab users' password is their name). */
  private void completeOverRest(String user, String taskId, String decision) {
    ResponseEntity<String> response = http.withBasicAuth(user, user).postForEntity(ENGINE_REST + "/task/" + taskId
        + "/complete", Map.of("variables", Map.of("decision", Map.of("value", decision))), String.class);
    assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(204);
  }

  private long stopsOfManagementServers() {
    return history.createHistoricActivityInstanceQuery().activityId("Task_StopManagementServers").finished().count();
  }

  private List<String> journal(String host) {
    return estate.host(host).state().journal().commands();
  }

  private Object finalVariable(String processInstanceId, String name) {
    return history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).variableName(name)
        .singleResult().getValue();
  }

  private void logIn(String user, String password) {
    browser.get("http://localhost:" + port + "/camunda/app/tasklist/gatebrowser/");
    By username = By.cssSelector("form[name='signinForm'] input[ng-model='username']");
    wait.until(ExpectedConditions.visibilityOfElementLocated(username)).sendKeys(user);
    browser.findElement(By.cssSelector("form[name='signinForm'] input[ng-model='password']")).sendKeys(password);
    browser.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(username));
  }

  /** Tasklist shows a candidate's task read-only until it is claimed. */
  private void claim() {
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.claim"))).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".disabled-form")));
  }

  private void choose(String decision) {
    click(By.xpath("//div[contains(@class, 'fjs-form-field-radio')]//label[normalize-space(.)='" + decision + "']"));
  }

  private void complete() {
    // after a refusal, Tasklist's error panel lies over the button bar: click it as a script would
    WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space(.)='Complete']")));
    browser.executeScript("arguments[0].click();", button);
  }

  /** Scrolls the element to the middle of the window first: Tasklist's fixed footer covers the bottom. */
  private void click(By locator) {
    WebElement element = wait.until(ExpectedConditions.elementToBeClickable(locator));
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    wait.until(ExpectedConditions.elementToBeClickable(element)).click();
  }

  /** HTTP statuses of the form submissions of this task that Chromium saw since the last call. */
  private List<Integer> submitStatuses(String taskId) throws Exception {
    ObjectMapper json = new ObjectMapper();
    return wait.until(d -> {
      List<Integer> statuses = new java.util.ArrayList<>();
      for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
        statuses.addAll(status(json, entry.getMessage(), taskId).stream().toList());
      }
      return statuses.isEmpty() ? null : statuses;
    });
  }

  private static Optional<Integer> status(ObjectMapper json, String message, String taskId) {
    try {
      JsonNode m = json.readTree(message).path("message");
      if (!"Network.responseReceived".equals(m.path("method").asText())) {
        return Optional.empty();
      }
      JsonNode response = m.path("params").path("response");
      String url = response.path("url").asText();
      return url.contains("/task/" + taskId + "/submit-form") ? Optional.of(response.path("status").asInt())
          : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
