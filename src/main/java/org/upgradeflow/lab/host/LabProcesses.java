package org.upgradeflow.lab.host;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The background jobs of a host ({@code cmd &}), with fake PIDs. A job outlives the SSH session
 * that started it, as a detached job on a real host does; it dies with a reboot or reset.
 */
public final class LabProcesses {

  private static final int FIRST_PID = 4200;

  private final ExecutorService executor;
  private final AtomicInteger nextPid = new AtomicInteger(FIRST_PID);
  private final Map<Integer, Future<?>> jobs = new ConcurrentHashMap<>();

  LabProcesses(ExecutorService executor) {
    this.executor = executor;
  }

  /** A PID for a foreground shell ({@code $$}); never a live job. */
  public int allocatePid() {
    return nextPid.getAndIncrement();
  }

  /** Starts {@code job} asynchronously and returns its PID. */
  public int start(Callable<?> job) {
    int pid = allocatePid();
    // the map entry must exist before the job can finish and remove itself
    synchronized (jobs) {
      Future<?> f = executor.submit(() -> {
        try {
          return job.call();
        } finally {
          jobs.remove(pid);
        }
      });
      if (!f.isDone()) {
        jobs.put(pid, f);
      }
    }
    return pid;
  }

  public boolean isRunning(int pid) {
    Future<?> f = jobs.get(pid);
    return f != null && !f.isDone();
  }

  /** Interrupts the job; false when no such job runs. */
  public boolean kill(int pid) {
    Future<?> f = jobs.remove(pid);
    return f != null && f.cancel(true);
  }

  public void killAll() {
    jobs.keySet().forEach(this::kill);
  }
}
