package org.upgradeflow.usagemeter;

import java.time.Duration;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * A wait that a timer repeats (an upload, a CD-ROM checksum) must not repeat for ever: the first
 * look records the engine time in {@code variable}, later looks compare with {@code transfer-timeout}.
 */
final class TransferDeadline {

  private TransferDeadline() {
  }

  /** True when the wait that {@code variable} times began more than {@code timeout} ago (engine time). */
  static boolean passed(DelegateExecution execution, String variable, Duration timeout) {
    Date started = (Date) execution.getVariable(variable);
    Date now = ClockUtil.getCurrentTime();
    if (started == null) {
      execution.setVariable(variable, now);
      return false;
    }
    return Duration.between(started.toInstant(), now.toInstant()).compareTo(timeout) > 0;
  }

  /** The wait is over (done, failed or given up): the next one starts its own clock. */
  static void clear(DelegateExecution execution, String variable) {
    execution.removeVariable(variable);
  }
}
