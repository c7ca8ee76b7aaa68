package org.upgradeflow.gates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends gate notifications. A failure to notify never fails the run: it is logged. Keeps the
 * last notifications in memory for the lab's view and for tests. (E-mail and webhook channels
 * are the next step of the gates issue.)
 */
@Component
public class GateNotifier {

  private static final Logger log = LoggerFactory.getLogger(GateNotifier.class);
  private static final int KEEP = 500;

  private final List<GateNotification> recent = Collections.synchronizedList(new ArrayList<>());

  public void send(GateNotification notification) {
    try {
      log.info("Notification {}: {}", notification.kind(), notification.text());
      synchronized (recent) {
        recent.add(notification);
        if (recent.size() > KEEP) {
          recent.remove(0);
        }
      }
    } catch (RuntimeException e) {
      log.warn("Notification {} for gate {} could not be sent: {}", notification.kind(), notification.gateId(),
          e.getMessage());
    }
  }

  public List<GateNotification> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }
}
