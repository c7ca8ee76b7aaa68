package org.upgradeflow.lab.cloudstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.lab.host.LabHostState;

/**
 * The {@code host} row of a KVM host follows its agent as the management server sees it: the
 * agent stops (service stop, {@code killall jsvc}, the host goes down for a reboot) and the
 * row is {@code Disconnected}; the agent starts and the row is {@code Up} again after
 * {@link org.upgradeflow.lab.host.LabTimings#agentConnect()} (lab-scaled), unless the fault "stays
 * Disconnected" is set on the host.
 */
final class AgentConnections {

  private static final Logger log = LoggerFactory.getLogger(AgentConnections.class);
  /** One daemon thread for every estate: a connect is one UPDATE after a delay. */
  private static final ScheduledExecutorService CONNECTS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lab-agent-connect");
    t.setDaemon(true);
    return t;
  });

  private final CloudStackLab lab;
  private final Set<String> staysDisconnected = ConcurrentHashMap.newKeySet();
  private final Map<String, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
  /** Guards {@link #generation}: a connect scheduled before a clear (a reset) never writes after it. */
  private final Object writes = new Object();
  private long generation;

  AgentConnections(CloudStackLab lab) {
    this.lab = lab;
  }

  void stopped(String host) {
    cancel(host);
    setStatus(host, "Disconnected");
  }

  /** The agent of {@code host} runs: its row becomes Up after the connect delay. */
  void started(LabHostState state, String host) {
    cancel(host);
    if (staysDisconnected.contains(host)) {
      return;
    }
    Duration delay = state.time().scaled(lab.timings().agentConnect());
    if (delay.isZero()) {
      setStatus(host, "Up");
      return;
    }
    long scheduledIn;
    synchronized (writes) {
      scheduledIn = generation;
    }
    pending.put(host, CONNECTS.schedule(() -> {
      pending.remove(host);
      synchronized (writes) {
        boolean running = KvmAgent.agentService(state).map(n -> state.services().get(n).running()).orElse(false);
        if (scheduledIn == generation && running && !staysDisconnected.contains(host)) {
          setStatus(host, "Up");
        }
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** The fault: the host's row stays Disconnected whatever its agent does (false: the agent reconnects when running). */
  void setStaysDisconnected(LabHostState state, String host, boolean stays) {
    if (stays) {
      staysDisconnected.add(host);
      cancel(host);
    } else if (staysDisconnected.remove(host)
        && KvmAgent.agentService(state).map(n -> state.services().get(n).running()).orElse(false)) {
      started(state, host);
    }
  }

  List<String> staysDisconnected() {
    return staysDisconnected.stream().sorted().toList();
  }

  /** Cancels pending connects; one already writing finishes first, later ones see the new generation. */
  void clear() {
    synchronized (writes) {
      generation++;
      pending.keySet().forEach(this::cancel);
      staysDisconnected.clear();
    }
  }

  private void cancel(String host) {
    ScheduledFuture<?> f = pending.remove(host);
    if (f != null) {
      f.cancel(false);
    }
  }

  private void setStatus(String host, String status) {
    if (lab.database().isEmpty()) {
      return; // an estate started without its database has no host rows
    }
    try (Connection c = lab.connection();
        var ps = c.prepareStatement("UPDATE host SET status = ? WHERE name = ? AND type = 'Routing'")) {
      ps.setString(1, status);
      ps.setString(2, host);
      ps.executeUpdate();
    } catch (SQLException e) {
      log.warn("Lab estate {}: cannot set the host row of {} to {}: {}", lab.estate().id(), host, status,
          e.getMessage());
    }
  }
}
