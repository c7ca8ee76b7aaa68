package org.upgradeflow.gates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /lab/notifications}: the last notifications, newest first, with their text and what
 * became of each delivery (and the e-mail addresses it is for). Only in the lab (and the tests); /lab/** needs camunda-admin or
 * change-managers.
 */
@RestController
@Profile({"lab", "test"})
class LabNotificationsController {

  private final GateNotifier notifier;
  private final NotificationChannels channels;

  LabNotificationsController(GateNotifier notifier, NotificationChannels channels) {
    this.notifier = notifier;
    this.channels = channels;
  }

  @GetMapping("/lab/notifications")
  List<Map<String, Object>> recent() {
    List<GateNotifier.Sent> sent = new java.util.ArrayList<>(notifier.recentWithDeliveries());
    java.util.Collections.reverse(sent);
    return sent.stream().map(s -> {
      GateNotification n = s.notification();
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("kind", n.kind());
      view.put("at", n.at().toString());
      view.put("environmentId", n.environmentId());
      view.put("gateId", n.gateId());
      view.put("processInstanceId", n.processInstanceId());
      view.put("taskId", n.taskId());
      view.put("recipients", n.recipientGroups());
      // who the e-mail is for (also when no SMTP server is configured and no mail leaves)
      view.put("mailTo", channels.addresses(n));
      view.put("deadline", n.deadline());
      view.put("link", n.taskLink());
      view.put("subject", n.subject());
      view.put("text", n.text());
      view.put("deliveries", s.deliveries());
      return view;
    }).toList();
  }
}
