package org.upgradeflow.usagemeter;

import org.springframework.stereotype.Component;

/** Timer durations of the Usage Meter processes from configuration ({@code ${usageMeterTiming.pollInterval()}}). */
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
}
