package org.upgradeflow.usagemeter;

/** The three Usage Meter procedures, each a BPMN process. */
public enum UsageMeterPath {
  /** 4.1.x or 4.2 → 4.3: the ums-system-upgrade.shar file. */
  TO_43("UsageMeterTo43", "4.3"),
  /** 4.x → 4.5: ISO with checksum file. */
  TO_45("UsageMeterTo45", "4.5"),
  /** 4.3 or later → 4.7: ISO with manifest. */
  TO_47("UsageMeterTo47", "4.7");

  private final String processId;
  private final String target;

  UsageMeterPath(String processId, String target) {
    this.processId = processId;
    this.target = target;
  }

  public String processId() {
    return processId;
  }

  public String target() {
    return target;
  }

  /** The path a process id names (pathProcessId). */
  public static UsageMeterPath ofProcessId(String processId) {
    for (UsageMeterPath p : values()) {
      if (p.processId.equals(processId)) {
        return p;
      }
    }
    throw new IllegalArgumentException("pathProcessId: expected UsageMeterTo43, UsageMeterTo45 or UsageMeterTo47, got '"
        + processId + "'");
  }

  /**
   * Picks the procedure for an installed version and the requested target, or refuses what the
   * procedures do not allow, naming both versions.
   *
   * @param installed the appliance's version, e.g. {@code 4.2.0.1}
   * @param target    4.3, 4.5 or 4.7
   */
  public static UsageMeterPath select(String installed, String target) {
    int[] from = parse("installed version", installed);
    int[] to = parse("targetVersion", target);
    UsageMeterPath path = switch (to[0] * 100 + to[1]) {
      case 403 -> TO_43;
      case 405 -> TO_45;
      case 407 -> TO_47;
      default -> throw new IllegalArgumentException("targetVersion: expected 4.3, 4.5 or 4.7, got '" + target + "'");
    };
    int source = from[0] * 100 + from[1];
    int goal = to[0] * 100 + to[1];
    if (from[0] != 4) {
      throw new IllegalArgumentException("Usage Meter " + installed + " is not a 4.x release; the procedures start at 4.1");
    }
    if (source >= goal) {
      throw new IllegalArgumentException("Usage Meter " + installed + " is already at or above " + target
          + ": nothing to upgrade (a downgrade is not possible)");
    }
    if (path == TO_43 && source != 401 && source != 402) {
      throw new IllegalArgumentException("Usage Meter 4.3 is installed from 4.1.x or 4.2 only; this appliance runs "
          + installed);
    }
    if (path == TO_47 && source < 403) {
      throw new IllegalArgumentException("Usage Meter 4.7 needs 4.3 or later; this appliance runs " + installed
          + ": upgrade to 4.5 first");
    }
    return path;
  }

  private static int[] parse(String field, String version) {
    if (version == null || !version.strip().matches("\\d{1,2}\\.\\d{1,2}(\\.\\d{1,6}){0,3}")) {
      throw new IllegalArgumentException(field + ": expected a version such as 4.5, got '" + version + "'");
    }
    String[] parts = version.strip().split("\\.");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }
}
