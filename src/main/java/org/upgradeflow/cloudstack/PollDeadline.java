package org.upgradeflow.cloudstack;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The deadline of a timer-polled wait, counted from its first look and kept in a variable (so
 * an engine restart keeps it), on the engine's clock (so tests drive it like the timers).
 */
final class PollDeadline {

  private PollDeadline() {
  }

  /** Fixes the deadline at the first look; true once it has passed. */
  static boolean passed(DelegateExecution execution, String variable, Duration timeout) {
    Instant now = ClockUtil.getCurrentTime().toInstant();
    if (!(execution.getVariable(variable) instanceof Date)) {
      execution.setVariable(variable, Date.from(now.plus(timeout)));
    }
    return now.isAfter(((Date) execution.getVariable(variable)).toInstant());
  }
}
