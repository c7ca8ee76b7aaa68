package org.upgradeflow.usagemeter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.InteractiveResult;
import org.upgradeflow.remote.PromptFailedException;
import org.upgradeflow.remote.PromptScript;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;

/**
 * Interactive runs of {@code upgrade-um.sh} held by the service, outside the job executor.
 *
 * <p>Why: the script asks its snapshot question at once but its 4.7 reboot question only after
 * the upgrade, many minutes later, and a PTY session cannot be handed from one job to the next.
 * Holding it in a job would break the one-minute rule (and a job locked past five minutes runs
 * twice); the appliance offers no {@code screen}/{@code expect} to leave a PTY behind. So a
 * short job starts the session here, on a thread of this component, and timer-polled short jobs
 * read its state. What this costs: the session lives in this service instance only. After a
 * restart the poll finds no session and judges from the appliance (installed version, a marker
 * written before the start), never starting the script a second time.
 */
@Component
class UpgradeScriptSessions implements DisposableBean {

  /** What a poll sees. */
  sealed interface State permits Running, Finished, Failed, Unknown {
  }

  record Running() implements State {
  }

  record Finished(InteractiveResult result) implements State {
  }

  /** An unexpected prompt, silence or the deadline: the transcript is the evidence. */
  record Failed(String message, String transcript) implements State {
  }

  /** No session with this key in this service instance (started by an earlier one, or never). */
  record Unknown() implements State {
  }

  private final AtomicInteger threads = new AtomicInteger();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "upgrade-script-" + threads.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Future<InteractiveResult>> sessions = new ConcurrentHashMap<>();

  /** Starts the session unless one with this key exists; returns whether it started now. */
  boolean start(String key, RemoteShell shell, RemoteTarget target, ShellCommand command, PromptScript script) {
    boolean[] started = {false};
    sessions.computeIfAbsent(key, k -> {
      started[0] = true;
      return pool.submit(() -> shell.interact(target, command, script));
    });
    return started[0];
  }

  State state(String key) {
    Future<InteractiveResult> session = sessions.get(key);
    if (session == null) {
      return new Unknown();
    }
    if (!session.isDone()) {
      return new Running();
    }
    try {
      return new Finished(session.get());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String transcript = cause instanceof PromptFailedException p ? p.transcript() : "";
      return new Failed(cause.getMessage() == null ? cause.toString() : cause.getMessage().split("\n--- transcript ---")[0],
          transcript);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Running();
    }
  }

  /** Forgets a finished session once the run has taken its result. */
  void forget(String key) {
    sessions.remove(key);
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}
