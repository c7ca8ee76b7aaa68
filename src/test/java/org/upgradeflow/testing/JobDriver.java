package org.upgradeflow.testing;

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
 */
public final class JobDriver {

  private JobDriver() {
  }

  /** Runs the jobs of the run (its called processes included) until none is left. */
  public static void drive(ManagementService management, String root) {
    drive(management, root, () -> false);
  }

  /** The same, stopping early once {@code stop} holds. */
  public static void drive(ManagementService management, String root, BooleanSupplier stop) {
    for (int i = 0; i < 5000 && !stop.getAsBoolean(); i++) {
      List<Job> jobs = jobsOf(management, root);
      if (jobs.isEmpty()) {
        return;
      }
      Job job = jobs.get(0);
      if (job.getDuedate() != null && job.getDuedate().after(ClockUtil.getCurrentTime())) {
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
