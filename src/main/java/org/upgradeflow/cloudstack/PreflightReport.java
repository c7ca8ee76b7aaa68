package org.upgradeflow.cloudstack;

import java.util.List;

/** The pre-flight checks of a run, each reported; evidence for the plan approval gate. */
public record PreflightReport(List<Check> checks) {

  /**
   * @param name   ssh, database, backup-space, hypervisors, repository
   * @param target the host or "database"
   */
  public record Check(String name, String target, boolean passed, String detail) {
  }

  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }
}
