package org.upgradeflow.engine;

/**
 * The retry cycle the process families give their async jobs ({@code camunda:failedJobRetryTimeCycle}):
 * one check for every setting that holds one ({@code upgradeflow.cloudstack.paths.retry-cycle},
 * {@code upgradeflow.usage-meter.retry-cycle}), so that a typo stops the service at start rather
 * than failing the first job that retries.
 */
public final class JobRetryCycle {

  /** used when a setting is absent: three more tries half a minute apart, then an incident */
  public static final String DEFAULT = "R3/PT30S";

  private JobRetryCycle() {
  }

  /**
   * @param property the setting's name, for the message
   * @param value    the configured cycle, or null/blank for {@link #DEFAULT}
   * @return the cycle to use
   */
  public static String of(String property, String value) {
    String cycle = value == null || value.isBlank() ? DEFAULT : value.strip();
    if (!cycle.matches("R\\d+/P\\S+")) {
      throw new IllegalArgumentException(property + ": expected Rn/<ISO-8601 duration> such as R3/PT30S, got '"
          + cycle + "'");
    }
    return cycle;
  }
}
