package org.upgradeflow.engine;

/** The groups UpgradeFlow knows; their rights are in {@link GroupPermissions}. */
public final class Groups {
  public static final String ADMIN = "camunda-admin";
  public static final String CHANGE_MANAGERS = "change-managers";
  public static final String OPERATORS = "operators";
  public static final String ESCALATION_MANAGERS = "escalation-managers";

  private Groups() {
  }
}
