package org.upgradeflow.lab.host;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The background jobs of a host ({@code cmd &}), with fake PIDs. A job outlives the SSH session
 * that started it, as a detached job on a real host does; it dies with a reboot or reset.
 */
public final class LabProcesses {

  private static final int FIRST_PID = 4200;
  // an interrupted job ends within milliseconds (lab time sleeps are interruptible); the bound
  // only keeps a stuck job from blocking a reset forever
  private static final long END_WAIT_SECONDS = 10;

  private final ExecutorService executor;
  private final AtomicInteger nextPid = new AtomicInteger(FIRST_PID);
  private final Map<Integer, Job> jobs = new ConcurrentHashMap<>();

  /** A job's future, whether it began, and a latch its thread releases when it has ended. */
  private record Job(Future<?> future, AtomicBoolean began, CountDownLatch ended) {
  }

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
    AtomicBoolean began = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(1);
    synchronized (jobs) {
      Future<?> f = executor.submit(() -> {
        if (!began.compareAndSet(false, true)) {
          return null; // killed before it began
        }
        try {
          return job.call();
        } finally {
          jobs.remove(pid);
          ended.countDown();
        }
      });
      if (!f.isDone()) {
        jobs.put(pid, new Job(f, began, ended));
      }
    }
    return pid;
  }

  public boolean isRunning(int pid) {
    Job j = jobs.get(pid);
    return j != null && !j.future().isDone();
  }

  /**
   * Interrupts the job and waits until its thread has ended: a killed job's last writes (its
   * journal entry, its exit file) must not land after a reset that follows. False when no such
   * job runs.
   */
  public boolean kill(int pid) {
    Job j = jobs.remove(pid);
    if (j == null) {
      return false;
    }
    if (j.began().compareAndSet(false, true)) {
      j.future().cancel(false);
      return true;
    }
    boolean cancelled = j.future().cancel(true);
    try {
      j.ended().await(END_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return cancelled;
  }

  /**
   * Waits until every job running now has ended, at most {@code timeout}. A detached job's own
   * journal entry is written when it ends, just after its last command (the exit file a poller
   * sees), so whoever counts those entries waits here first. False when one still runs.
   */
  public boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Job j : java.util.List.copyOf(jobs.values())) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !j.ended().await(left, TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

  public void killAll() {
    jobs.keySet().forEach(this::kill);
  }
}
