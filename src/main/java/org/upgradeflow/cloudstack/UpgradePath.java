package org.upgradeflow.cloudstack;

import java.util.function.Predicate;

/**
 * The seven sections of the CloudStack 4.3 upgrade guide, each a BPMN process. Like
 * CloudStack's own DbUpgrade chain, a path is chosen from the source version alone.
 */
public enum UpgradePath {
  FROM_431("CloudStack431To432", "4.3.2", v -> v.equals(CloudStackVersion.of(4, 3, 1))),
  FROM_430("CloudStack430To431", "4.3.1", v -> v.equals(CloudStackVersion.of(4, 3, 0))),
  FROM_42X("CloudStack42xTo43", "4.3.0", v -> v.sameMinor(4, 2)),
  FROM_41X("CloudStack41xTo43", "4.3.0", v -> v.sameMinor(4, 1)),
  FROM_40X("CloudStack40xTo43", "4.3.0", v -> v.sameMinor(4, 0)),
  FROM_30X("CloudStack30xTo43", "4.3.0", v -> v.sameMinor(3, 0)),
  FROM_2214("CloudStack2214To43", "4.3.0", v -> v.equals(CloudStackVersion.of(2, 2, 14)));

  private final String processId;
  private final String targetVersion;
  private final Predicate<CloudStackVersion> source;

  UpgradePath(String processId, String targetVersion, Predicate<CloudStackVersion> source) {
    this.processId = processId;
    this.targetVersion = targetVersion;
    this.source = source;
  }

  public String processId() {
    return processId;
  }

  public String targetVersion() {
    return targetVersion;
  }

  boolean accepts(CloudStackVersion version) {
    return source.test(version);
  }
}
