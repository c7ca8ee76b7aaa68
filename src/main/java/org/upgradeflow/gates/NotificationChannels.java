package org.upgradeflow.gates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The ways a notification leaves the service: one e-mail to the candidates and the extra
 * addresses, and one JSON POST per webhook. Each channel is one delivery that the notifier tries
 * and retries on its own; a channel throws when its delivery failed.
 */
@Component
class NotificationChannels {

  /** One delivery: a name for the log and the lab view, and the action. */
  record Delivery(String channel, Runnable action) {
  }

  private final NotificationProperties properties;
  private final ObjectProvider<JavaMailSender> mail;
  private final IdentityService identity;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  NotificationChannels(NotificationProperties properties, ObjectProvider<JavaMailSender> mail, IdentityService identity) {
    this.properties = properties;
    this.mail = mail;
    this.identity = identity;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  List<Delivery> deliveries(GateNotification notification) {
    List<Delivery> deliveries = new ArrayList<>();
    JavaMailSender sender = mail.getIfAvailable();
    if (sender != null) {
      deliveries.add(new Delivery("mail", () -> sendMail(sender, notification)));
    }
    for (int i = 0; i < properties.webhooks().size(); i++) {
      String url = properties.webhooks().get(i);
      deliveries.add(new Delivery("webhook#" + (i + 1), () -> post(url, notification)));
    }
    return deliveries;
  }

  /**
   * The e-mail addresses of the users in the notification's groups, plus the configured extra
   * addresses. A lookup by the service itself: the engine's authorization of whoever's thread
   * this runs on (a user completing a task, a lab view) must not hide users.
   */
  Set<String> addresses(GateNotification notification) {
    Set<String> addresses = new LinkedHashSet<>();
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      for (String group : notification.recipientGroups()) {
        for (User user : identity.createUserQuery().memberOfGroup(group).list()) {
          if (user.getEmail() != null && !user.getEmail().isBlank()) {
            addresses.add(user.getEmail().trim());
          }
        }
      }
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
    properties.extraAddresses().stream().filter(a -> a != null && !a.isBlank()).map(String::trim).forEach(addresses::add);
    return addresses;
  }

  private void sendMail(JavaMailSender sender, GateNotification notification) {
    Set<String> to = addresses(notification);
    if (to.isEmpty()) {
      return; // nobody to write to: not a failure
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(properties.mailFrom());
    message.setTo(to.toArray(String[]::new));
    message.setSubject(notification.subject());
    message.setText(notification.body());
    sender.send(message);
  }

  private void post(String url, GateNotification notification) {
    String body;
    try {
      body = json.writeValueAsString(Map.of("text", notification.text()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(properties.timeout())
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
