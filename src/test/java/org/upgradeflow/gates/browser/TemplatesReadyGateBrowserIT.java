package org.upgradeflow.gates.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
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
import org.springframework.test.context.ActiveProfiles;
import org.upgradeflow.gates.GateNotification;
import org.upgradeflow.gates.GateNotifier;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.LabEstates;
import org.upgradeflow.testing.GateRuns;

/**
 * The templates-READY gate in the real Tasklist, in headless Chromium: cm logs in, opens the
 * gate of lab estate lab-cs-42x from the link its notification carries, sees the evidence table
 * (XenServer's 4.3 template still downloading), is refused when approving, with the service's
 * message shown in Tasklist (the submit answered 400, not 500), and approves once the lab has
 * finished the download. Screenshots go to target/screenshots/.
 *
 * <p>The gate is opened as the Gate call activity on the lab estate's environment
 * ({@link GateRuns}), as the CloudStack42xTo43 path will call it. The service runs with the lab
 * (one estate) on a real port, with an engine and database of its own (failsafe, own JVM).
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
  static final Duration WAIT = Duration.ofSeconds(60);

  @LocalServerPort int port;
  @Autowired TestRestTemplate http;
  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired GateNotifier notifier;
  @Autowired LabEstates estates;

  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void estateWithTheXenServerTemplateStillDownloading() throws Exception {
    LabEstate estate = estates.find(ESTATE).orElseThrow();
    estate.reset();
    // The 4.2 estate runs VMware in zone 2 and, as before the upgrade guide's registration step,
    // has no 4.3 VMware template. The path registers it before this gate; here it is registered
    // and downloaded in the lab's database, so XenServer (42 %) is the one template not READY.
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
         Statement s = c.createStatement()) {
      s.execute("INSERT INTO vm_template (id, unique_name, name, uuid, type, url, format, hypervisor_type, state)"
          + " VALUES (203, '203-2-lab', 'systemvm-vmware-4.3', 't203', 'SYSTEM',"
          + " 'http://download.cloudstack.org/systemvm/4.3/systemvm64template-2014-01-14-master-vmware.ova', 'OVA',"
          + " 'VMware', 'Active')");
      s.execute("INSERT INTO template_store_ref (store_id, template_id, store_role, download_pct, download_state,"
          + " install_path, state) VALUES (2, 203, 'Image', 100, 'DOWNLOADED', 'template/tmpl/1/203/lab', 'Ready')");
    }
    browser = Chromium.start();
    wait = new WebDriverWait(browser, WAIT);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private String local(String link) {
    URI uri = URI.create(link);
    return "http://localhost:" + port + uri.getRawPath() + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
  }

  @Test
  void cmIsRefusedWhileATemplateIsNotReadyAndApprovesOnceTheDownloadCompleted() throws Exception {
    String gateRun = new GateRuns(runtime, tasks, management, identity).open("SystemVmTemplates", "ops", ESTATE);
    String taskId = tasks.createTaskQuery().processInstanceId(gateRun).taskDefinitionKey("Gate_Decide")
        .singleResult().getId();
    assertThat(runtime.getVariable(gateRun, "gateConditionHolds")).isEqualTo(false);
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
      assertThat(browser.findElement(By.cssSelector(".fjs-form")).getText())
          .contains("Gate SystemVmTemplates of " + ESTATE, "The gate's condition does not hold");
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

      // the lab finishes the download; approving re-checks the evidence and passes
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

    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(gateRun).variableName("gateOutcome")
        .singleResult().getValue()).isEqualTo("approve");
    String votes = (String) history.createHistoricVariableInstanceQuery().processInstanceId(gateRun)
        .variableName("gateVotes").singleResult().getValue();
    assertThat(votes).contains("\"user\":\"cm\"", "\"decision\":\"approve\"");
    // the operation log names the user the browser was logged in as
    assertThat(history.createUserOperationLogQuery().taskId(taskId).operationType("Complete").singleResult().getUserId())
        .isEqualTo("cm");
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
