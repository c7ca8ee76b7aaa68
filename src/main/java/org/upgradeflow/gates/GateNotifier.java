package org.upgradeflow.gates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends notifications by e-mail and webhooks. Inside an engine command a notification leaves
 * only after the command's transaction committed (a rolled-back job or a refused completion
 * tells nobody anything), and always on a thread of its own: a slow SMTP server or webhook never
 * holds a job or a request. Each channel is tried {@code attempts} times with a growing delay;
 * a failure is logged and never fails the run. The last notifications are kept in memory with
 * their delivery state for the lab's view and for tests.
 */
@Component
public class GateNotifier implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(GateNotifier.class);
  private static final int KEEP = 500;

  /** A notification and what became of it on each channel ("pending", "sent", "failed: ..."). */
  public record Sent(GateNotification notification, Map<String, String> deliveries) {
  }

  private final NotificationChannels channels;
  private final NotificationProperties properties;
  private final List<Sent> recent = new ArrayList<>();
  private final ScheduledExecutorService executor;

  GateNotifier(NotificationChannels channels, NotificationProperties properties) {
    this.channels = channels;
    this.properties = properties;
    AtomicInteger threads = new AtomicInteger();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "gate-notify-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = pool;
  }

  /** Sends now, or, inside an engine command, once its transaction has committed. Never throws. */
  public void send(GateNotification notification) {
    try {
      CommandContext command = Context.getCommandContext();
      if (command != null) {
        command.getTransactionContext().addTransactionListener(TransactionState.COMMITTED, c -> dispatch(notification));
      } else {
        dispatch(notification);
      }
    } catch (RuntimeException e) {
      log.warn("Notification {} for gate {} could not be queued: {}", notification.kind(), notification.gateId(),
          e.toString());
    }
  }

  private void dispatch(GateNotification notification) {
    try {
      log.info("Notification {}: {}", notification.kind(), notification.text());
      Map<String, String> state = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
      List<NotificationChannels.Delivery> deliveries = channels.deliveries(notification);
      deliveries.forEach(d -> state.put(d.channel(), "pending"));
      synchronized (recent) {
        recent.add(new Sent(notification, state));
        if (recent.size() > KEEP) {
          recent.remove(0);
        }
      }
      for (NotificationChannels.Delivery delivery : deliveries) {
        executor.execute(() -> attempt(notification, delivery, state, 1));
      }
    } catch (RuntimeException e) {
      log.warn("Notification {} for gate {} could not be sent: {}", notification.kind(), notification.gateId(),
          e.toString());
    }
  }

  private void attempt(GateNotification notification, NotificationChannels.Delivery delivery, Map<String, String> state,
      int attempt) {
    try {
      delivery.action().run();
      state.put(delivery.channel(), "sent");
      log.debug("Notification {} for {} sent by {}", notification.kind(), notification.processInstanceId(),
          delivery.channel());
    } catch (RuntimeException e) {
      if (attempt < properties.attempts()) {
        long delay = properties.retryDelay().toMillis() << (attempt - 1);
        state.put(delivery.channel(), "retrying after attempt " + attempt + ": " + e.getMessage());
        log.info("Notification {} by {} failed (attempt {} of {}): {}; retrying in {} ms", notification.kind(),
            delivery.channel(), attempt, properties.attempts(), e.getMessage(), delay);
        try {
          executor.schedule(() -> attempt(notification, delivery, state, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
          state.put(delivery.channel(), "failed: service stopping");
        }
      } else {
        state.put(delivery.channel(), "failed after " + attempt + " attempts: " + e.getMessage());
        log.warn("Notification {} for gate {} of {} by {} given up after {} attempts: {}", notification.kind(),
            notification.gateId(), notification.environmentId(), delivery.channel(), attempt, e.getMessage());
      }
    }
  }

  public List<GateNotification> recent() {
    synchronized (recent) {
      return recent.stream().map(Sent::notification).toList();
    }
  }

  /** The recent notifications with a snapshot of their delivery state. */
  public List<Sent> recentWithDeliveries() {
    synchronized (recent) {
      return recent.stream().map(s -> {
        synchronized (s.deliveries()) {
          return new Sent(s.notification(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(s.deliveries())));
        }
      }).toList();
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
