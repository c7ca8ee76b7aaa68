package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the first management server started after a package upgrade writes to
 * management-server.log about the database upgrade (the guide's "Complete! Done." is never
 * printed by 4.3; these lines are). Only the lines after the last {@code DB version = } count:
 * earlier starts belong to earlier runs.
 */
public final class DatabaseUpgradeLog {

  public enum State { NOT_STARTED, RUNNING, COMPLETED, NOT_NEEDED, FAILED }

  /** @param hops the {@code UpgradeXtoY} steps seen so far; @param failure the lines that explain a failure */
  public record Status(State state, List<String> hops, List<String> failure) {
  }

  private DatabaseUpgradeLog() {
  }

  public static Status read(String log, String targetVersion) {
    String[] lines = log.split("\\R");
    int from = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains("DB version = ")) {
        from = i;
      }
    }
    if (from < 0) {
      return new Status(State.NOT_STARTED, List.of(), List.of());
    }
    List<String> hops = new ArrayList<>();
    List<String> failure = new ArrayList<>();
    State state = State.RUNNING;
    for (int i = from; i < lines.length; i++) {
      String line = lines[i];
      int run = line.indexOf("Running upgrade ");
      if (run >= 0) {
        hops.add(line.substring(run + "Running upgrade ".length()).split("\\s")[0]);
      }
      if (line.contains("SystemVm template not found") || line.contains("Unable to upgrade the database")) {
        failure.add(line.strip());
        state = State.FAILED;
      } else if (state != State.FAILED && line.contains("Upgrade completed for version " + targetVersion)) {
        state = State.COMPLETED;
      } else if (state != State.FAILED && line.contains("DB version and code version matches so no upgrade needed")) {
        state = State.NOT_NEEDED;
      }
    }
    return new Status(state, List.copyOf(hops), List.copyOf(failure));
  }
}
