package org.upgradeflow.cloudstack;

import java.util.List;

/**
 * What one run will do, before it does anything: each step, each host, each command (secrets
 * masked), in order. Shown on the plan approval gate and by the dry-run API.
 */
public record UpgradePlan(String environmentId, String processId, String sourceVersion, String targetVersion,
    List<Step> steps) {

  public record Step(int number, String id, String title, List<Action> actions) {
  }

  /**
   * @param kind command, file, database, gate, wait or upload
   * @param detail the masked command, the file edit, the SQL intent or what a human decides
   */
  public record Action(String host, String kind, String detail) {
  }
}
