package org.upgradeflow.lab.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Faults injected into one host's commands. The first matching rule wins; a rule made with a
 * count is used that many times and then disappears, so "fail the first attempt, let the
 * retry succeed" is one call. Whole-host unreachability is not a command fault: see
 * {@link LabHost#setReachable(boolean)}.
 */
public final class Faults {

  private final List<Rule> rules = new ArrayList<>();

  private static final class Rule {
    final FaultMatcher matcher;
    final Fault fault;
    int remaining; // < 0: unlimited

    Rule(FaultMatcher matcher, Fault fault, int remaining) {
      this.matcher = matcher;
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  /** Applies {@code fault} to every matching command until {@link #clear()}. */
  public synchronized void inject(FaultMatcher matcher, Fault fault) {
    rules.add(new Rule(matcher, fault, -1));
  }

  /** Applies {@code fault} to the next {@code times} matching commands. */
  public synchronized void inject(FaultMatcher matcher, Fault fault, int times) {
    if (times <= 0) {
      throw new IllegalArgumentException("times must be positive: " + times);
    }
    rules.add(new Rule(matcher, fault, times));
  }

  public synchronized void clear() {
    rules.clear();
  }

  /** The fault for this command, consuming one use of a counted rule. */
  public synchronized Optional<Fault> match(List<String> argv) {
    for (var it = rules.iterator(); it.hasNext(); ) {
      Rule rule = it.next();
      if (rule.matcher.matches(argv)) {
        if (rule.remaining > 0 && --rule.remaining == 0) {
          it.remove();
        }
        return Optional.of(rule.fault);
      }
    }
    return Optional.empty();
  }
}
