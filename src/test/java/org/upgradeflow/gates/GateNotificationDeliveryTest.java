package org.upgradeflow.gates;

import org.upgradeflow.testing.GateRuns;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.engine.Groups;

/**
 * Notifications leave by a real SMTP server (GreenMail) and real HTTP webhooks on loopback: one
 * that accepts, one that answers 500 and one where nothing listens. The engine clock drives the
 * gate; deliveries are awaited by polling, since they happen after commit on threads of their own.
 * One Spring context of its own (the SMTP and webhook endpoints are configuration), with its own
 * in-memory engine database.
 */
@ServiceTest
class GateNotificationDeliveryTest {

  static final GreenMail SMTP;
  static final HttpServer WEBHOOKS;
  static final List<String> ACCEPTED = new CopyOnWriteArrayList<>();
  static final List<String> REFUSED = new CopyOnWriteArrayList<>();
  static final int DOWN_PORT;

  static {
    try {
      SMTP = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      SMTP.start();
      WEBHOOKS = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      WEBHOOKS.createContext("/ok", exchange -> {
        ACCEPTED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      WEBHOOKS.createContext("/fail", exchange -> {
        REFUSED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(500, -1);
        exchange.close();
      });
      WEBHOOKS.start();
      DOWN_PORT = freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @DynamicPropertySource
  static void endpoints(DynamicPropertyRegistry registry) {
    String base = "http://127.0.0.1:" + WEBHOOKS.getAddress().getPort();
    // an engine of its own: database, and name (Camunda's REST API finds engines by name in a
    // JVM-wide registry, so a second engine called "default" would answer the other context's requests)
    registry.add("spring.datasource.url", () -> "jdbc:h2:mem:upgradeflow-notify-test;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    registry.add("camunda.bpm.process-engine-name", () -> "notifytest");
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("upgradeflow.notifications.webhooks[0]", () -> base + "/ok");
    registry.add("upgradeflow.notifications.webhooks[1]", () -> base + "/fail");
    registry.add("upgradeflow.notifications.webhooks[2]", () -> "http://127.0.0.1:" + DOWN_PORT + "/down");
    registry.add("upgradeflow.notifications.extra-addresses[0]", () -> "cab@example.net");
    registry.add("upgradeflow.notifications.retry-delay", () -> "PT0.05S");
    registry.add("upgradeflow.notifications.attempts", () -> "3");
    registry.add("upgradeflow.base-url", () -> "https://upgradeflow.example.net");
  }

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired GateNotifier notifier;
  @Autowired TestRestTemplate http;

  GateRuns runs;

  @BeforeEach
  void setUp() {
    ClockUtil.setCurrentTime(new Date());
    runs = new GateRuns(runtime, tasks, management, identity);
    User esc = identity.createUserQuery().userId("esc").singleResult();
    esc.setEmail("esc@example.net");
    identity.saveUser(esc);
  }

  @AfterEach
  void tearDown() {
    ClockUtil.reset();
    identity.clearAuthentication();
  }

  private void advance(Duration duration, String id) {
    ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + duration.toMillis()));
    runs.runDueJobs(id);
  }

  /** Polls until the value satisfies the check; fails after a generous safety timeout, never asserts on time. */
  private static <T> T await(Supplier<T> value, java.util.function.Predicate<T> done, String what) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T current = value.get();
    while (!done.test(current)) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("gave up waiting for " + what + "; last seen: " + current);
      }
      Thread.sleep(20);
      current = value.get();
    }
    return current;
  }

  private static List<MimeMessage> mailsAbout(String subjectPart) {
    return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
      try {
        return m.getSubject().contains(subjectPart);
      } catch (jakarta.mail.MessagingException e) {
        return false;
      }
    }).toList();
  }

  @Test
  void theEscalationReachesTheEscalationManagersByMailAndTheWebhookWhileAFailingWebhookFailsNothing()
      throws Exception {
    String id = runs.open("FixtureNotified", "ops");
    String gate = runs.task(id, "Gate_Decide").getId();
    Date opened = ClockUtil.getCurrentTime();

    advance(Duration.ofMinutes(31), id);

    // the gate escalated as modelled: the failing channels failed nothing
    assertThat(runtime.createIncidentQuery().processInstanceId(id).count()).isZero();
    assertThat(management.createJobQuery().processInstanceId(id).withException().count()).isZero();
    assertThat(tasks.getIdentityLinksForTask(gate)).extracting(l -> l.getGroupId()).contains(Groups.ESCALATION_MANAGERS);
    assertThat(runs.task(id, "Gate_Decide").getPriority()).isEqualTo(90);

    String holdDeadline = opened.toInstant().plus(Duration.ofHours(1)).toString();
    String link = "https://upgradeflow.example.net/camunda/app/tasklist/notifytest/#/?task=" + gate;

    // GreenMail keeps a copy per recipient mailbox: one mail, to both addresses
    List<MimeMessage> mails = await(() -> mailsAbout("lab-test: escalated: gate FixtureNotified"), m -> m.size() >= 2,
        "the escalation e-mail in both mailboxes");
    MimeMessage mail = mails.get(0);
    assertThat(mails.stream().map(m -> {
      try {
        return m.getMessageID();
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).distinct()).hasSize(1);
    assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString))
        .contains("esc@example.net", "cab@example.net");
    assertThat(mail.getSubject()).isEqualTo("[UpgradeFlow] lab-test: escalated: gate FixtureNotified was not decided in time");
    assertThat(GreenMailUtil.getBody(mail)).contains("Environment: lab-test", "Gate:        FixtureNotified",
        "Deadline:    " + holdDeadline, link);

    String hook = await(() -> ACCEPTED.stream().filter(b -> b.contains("Escalated: gate FixtureNotified of lab-test")).toList(),
        l -> !l.isEmpty(), "the escalation webhook").get(0);
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(hook, Map.class))
        .containsOnlyKeys("text")
        .extractingByKey("text").asString()
        .contains("lab-test", "FixtureNotified", "deadline " + holdDeadline, link);

    // the refusing webhook got every attempt, then was given up; the one that is down likewise
    await(() -> REFUSED.stream().filter(b -> b.contains("Escalated: gate FixtureNotified of lab-test")).count(), n -> n >= 3,
        "three attempts at the refusing webhook");
    GateNotifier.Sent escalated = await(() -> notifier.recentWithDeliveries().stream()
            .filter(s -> id.equals(s.notification().processInstanceId())
                && s.notification().kind() == GateNotification.Kind.ESCALATED).findFirst().orElseThrow(),
        s -> s.deliveries().values().stream().noneMatch(v -> v.equals("pending") || v.startsWith("retrying")),
        "every delivery of the escalation settled");
    assertThat(escalated.deliveries()).containsEntry("mail", "sent").containsEntry("webhook#1", "sent");
    assertThat(escalated.deliveries().get("webhook#2")).isEqualTo("failed after 3 attempts: HTTP 500");
    assertThat(escalated.deliveries().get("webhook#3")).startsWith("failed after 3 attempts: ConnectException");
    assertThat(REFUSED.stream().filter(b -> b.contains("Escalated: gate FixtureNotified of lab-test")).count()).isEqualTo(3);

    // and the gate is still decided by a human, normally
    identity.setAuthentication("esc", List.of(Groups.ESCALATION_MANAGERS));
    try {
      tasks.complete(gate, Map.of("decision", "approve"));
    } finally {
      identity.clearAuthentication();
    }
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
  }

  private static List<String> addressees(MimeMessage mail) throws jakarta.mail.MessagingException {
    return Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
  }

  private static String webhookSaying(String text) throws InterruptedException {
    return await(() -> ACCEPTED.stream().filter(b -> b.contains(text)).toList(), l -> !l.isEmpty(),
        "the webhook saying " + text).get(0);
  }

  @Test
  void aReminderAndTheHoldNoticeArriveByMailAndWebhook() throws Exception {
    // an estate name of its own, so this gate's messages are told apart from the other tests'
    String id = runs.open("FixtureNotified", "ops", "lab-notify-hold");
    String gate = runs.task(id, "Gate_Decide").getId();
    Date opened = ClockUtil.getCurrentTime();
    String escalationDeadline = opened.toInstant().plus(Duration.ofMinutes(30)).toString();

    advance(Duration.ofMinutes(11), id); // the test profile reminds every PT10M
    MimeMessage reminder = await(() -> mailsAbout("lab-notify-hold: reminder: gate FixtureNotified"), m -> !m.isEmpty(),
        "the reminder e-mail").get(0);
    assertThat(addressees(reminder)).contains("cm@upgradeflow-lab.test", "cm2@upgradeflow-lab.test", "cab@example.net")
        .doesNotContain("esc@example.net");
    assertThat(GreenMailUtil.getBody(reminder)).contains("Gate:        FixtureNotified",
        "Deadline:    " + escalationDeadline, "Addressed:   change-managers",
        "https://upgradeflow.example.net/camunda/app/tasklist/notifytest/#/?task=" + gate);
    assertThat(webhookSaying("Reminder: gate FixtureNotified of lab-notify-hold")).contains(
        "deadline " + escalationDeadline, "?task=" + gate);

    advance(Duration.ofMinutes(50), id); // past the hold deadline (PT1H)
    String hold = runs.task(id, "Gate_OnHold").getId();
    assertThat(runs.task(id, "Gate_Decide")).isNull();
    MimeMessage onHold = await(() -> mailsAbout("lab-notify-hold: on hold: gate FixtureNotified"), m -> !m.isEmpty(),
        "the hold e-mail").get(0);
    assertThat(addressees(onHold)).contains("cm@upgradeflow-lab.test", "esc@example.net", "cab@example.net");
    assertThat(GreenMailUtil.getBody(onHold)).contains("Deadline:    none: waits for resume or abort",
        "https://upgradeflow.example.net/camunda/app/tasklist/notifytest/#/?task=" + hold);
    assertThat(webhookSaying("On hold: gate FixtureNotified of lab-notify-hold")).contains("?task=" + hold)
        .contains("nothing proceeds until someone chooses resume or abort");

    // the hold ends by a person only
    identity.setAuthentication("esc", List.of(Groups.ESCALATION_MANAGERS));
    try {
      tasks.complete(hold, Map.of("decision", "abort", "reason", "window over"));
    } finally {
      identity.clearAuthentication();
    }
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
  }

  @Test
  void runNotificationsGoToTheRunGroupsAndTheLabShowsEverything() throws Exception {
    User ops = identity.createUserQuery().userId("ops").singleResult();
    ops.setEmail("ops@example.net");
    identity.saveUser(ops);
    notifierNotifications().runFailed("lab-cs-431", "run-42", "Task_BackupDatabase: retries exhausted");

    MimeMessage mail = await(() -> mailsAbout("lab-cs-431: run failed"), m -> !m.isEmpty(), "the run mail").get(0);
    // the lab users' own addresses (config/application-lab-users.yaml) are written to as well
    assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Object::toString))
        .contains("ops@example.net", "cab@example.net", "cm@upgradeflow-lab.test", "cm2@upgradeflow-lab.test");
    assertThat(GreenMailUtil.getBody(mail)).contains("Task_BackupDatabase: retries exhausted",
        "https://upgradeflow.example.net/camunda/app/cockpit/notifytest/#/process-instance/run-42/runtime");

    var lab = http.withBasicAuth("cm", "cm").getForEntity("/lab/notifications", Map[].class);
    assertThat(lab.getStatusCode().value()).isEqualTo(200);
    assertThat(lab.getBody()).anySatisfy(n -> {
      assertThat(n.get("kind")).isEqualTo("RUN_FAILED");
      assertThat(n.get("processInstanceId")).isEqualTo("run-42");
      assertThat(((Map<?, ?>) n.get("deliveries")).keySet()).extracting(Object::toString).contains("mail", "webhook#1", "webhook#2", "webhook#3");
      assertThat((List<?>) n.get("mailTo")).extracting(Object::toString)
          .contains("ops@example.net", "cm@upgradeflow-lab.test", "cab@example.net");
    });
    assertThat(http.withBasicAuth("ops", "ops").getForEntity("/lab/notifications", String.class).getStatusCode().value())
        .isEqualTo(403);
    assertThat(http.getForEntity("/lab/notifications", String.class).getStatusCode().value()).isEqualTo(401);
  }

  @Autowired GateNotifications notifications;

  private GateNotifications notifierNotifications() {
    return notifications;
  }
}
