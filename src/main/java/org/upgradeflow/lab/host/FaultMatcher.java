package org.upgradeflow.lab.host;

import java.util.List;

/** Chooses the commands a fault applies to, by their argument vector (program name first). */
@FunctionalInterface
public interface FaultMatcher {

  boolean matches(List<String> argv);

  /** Every command on the host. */
  static FaultMatcher any() {
    return argv -> true;
  }

  /** Commands whose program name (as sent, or its last path element) equals {@code program}. */
  static FaultMatcher program(String program) {
    return argv -> !argv.isEmpty()
        && (argv.get(0).equals(program) || argv.get(0).endsWith("/" + program));
  }

  /** Commands whose words joined by single spaces contain {@code text}. */
  static FaultMatcher commandContains(String text) {
    return argv -> String.join(" ", argv).contains(text);
  }
}
