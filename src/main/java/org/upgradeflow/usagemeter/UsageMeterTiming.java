package org.upgradeflow.usagemeter;

import org.springframework.stereotype.Component;

/** Timer durations and the job retry cycle of the Usage Meter processes from configuration ({@code ${usageMeterTiming.pollInterval()}}). */
@Component("usageMeterTiming")
public class UsageMeterTiming {

  private final UsageMeterProperties properties;

  UsageMeterTiming(UsageMeterProperties properties) {
    this.properties = properties;
  }

  /** ISO-8601, as BPMN timer durations read it. */
  public String pollInterval() {
    return properties.pollInterval().toString();
  }

  /** {@code camunda:failedJobRetryTimeCycle} of every Usage Meter async job ({@code upgradeflow.usage-meter.retry-cycle}). */
  public String retryCycle() {
    return properties.retryCycle();
  }
}
