package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;

/** The path timings as the BPMN expressions read them: {@code ${pathSettings.retryCycle}}. */
@Component("pathSettings")
public class PathSettings {

  private final PathProperties properties;

  PathSettings(PathProperties properties) {
    this.properties = properties;
  }

  public String getRetryCycle() {
    return properties.retryCycle();
  }

  /** ISO-8601, as a timer's timeDuration expects it. */
  public String getPollInterval() {
    return properties.pollInterval().toString();
  }
}
