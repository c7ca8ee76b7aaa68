package org.upgradeflow.cloudstack;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The deadline of a timer-polled wait, counted from its first look (or from a start an earlier
 * step recorded) and kept in a variable (so an engine restart keeps it), on the engine's clock
 * (so tests drive it like the timers).
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

  /** Records now as the start a later {@link #since} counts from. */
  static void start(DelegateExecution execution, String startVariable) {
    execution.setVariable(startVariable, ClockUtil.getCurrentTime());
  }

  /**
   * How long ago the start recorded by {@link #start} was; an unrecorded start counts from now
   * (recorded then), so a wait entered without one still ends.
   */
  static Duration since(DelegateExecution execution, String startVariable) {
    if (!(execution.getVariable(startVariable) instanceof Date)) {
      start(execution, startVariable);
    }
    Instant started = ((Date) execution.getVariable(startVariable)).toInstant();
    return Duration.between(started, ClockUtil.getCurrentTime().toInstant());
  }
}
