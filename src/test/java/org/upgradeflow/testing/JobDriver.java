package org.upgradeflow.testing;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Drives a run's jobs as the job executor would, one at a time, with the job executor off: a
 * timer's due time is reached by moving the engine's clock (never by sleeping). A failing job
 * is left with its retries to the engine; jobs without retries (incidents) are not run again.
 * The timers of an open gate (reminder, escalation, hold) are never reached this way: a gate
 * waits for people, so the run stops there and the test decides.
 */
public final class JobDriver {

  private static final String GATE = "Gate";

  private JobDriver() {
  }

  /** Runs the jobs of the run (its called processes included) until none is left. */
  public static void drive(ManagementService management, String root) {
    drive(management, root, () -> false);
  }

  /** The same, stopping early once {@code stop} holds. */
  public static void drive(ManagementService management, String root, BooleanSupplier stop) {
    for (int i = 0; i < 5000 && !stop.getAsBoolean(); i++) {
      Date now = ClockUtil.getCurrentTime();
      List<Job> jobs = jobsOf(management, root).stream()
          .filter(j -> j.getDuedate() == null || !j.getDuedate().after(now) || !GATE.equals(j.getProcessDefinitionKey()))
          .sorted(Comparator.comparing(j -> j.getDuedate() == null ? new Date(0) : j.getDuedate())).toList();
      if (jobs.isEmpty()) {
        return;
      }
      Job job = jobs.get(0);
      if (job.getDuedate() != null && job.getDuedate().after(now)) {
        ClockUtil.setCurrentTime(new Date(job.getDuedate().getTime() + 1));
      }
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException e) {
        // a failing step: the engine has counted the retry; the test's assertions judge the outcome
      }
    }
  }

  private static List<Job> jobsOf(ManagementService management, String root) {
    return management.createJobQuery().list().stream()
        .filter(j -> root.equals(j.getRootProcessInstanceId()) && j.getRetries() > 0).toList();
  }
}
