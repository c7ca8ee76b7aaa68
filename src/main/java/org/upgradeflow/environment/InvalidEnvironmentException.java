package org.upgradeflow.environment;

import java.util.List;

/** An environment file that cannot be used; each problem names the field path and what was expected. */
public class InvalidEnvironmentException extends RuntimeException {

  private final String file;
  private final List<String> problems;

  public InvalidEnvironmentException(String file, List<String> problems) {
    super("Environment file " + file + " is invalid:\n  - " + String.join("\n  - ", problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public String file() {
    return file;
  }

  public List<String> problems() {
    return problems;
  }
}
