package org.upgradeflow.cloudstack;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.StoragePool;

/** What the estate's database says, read once, that decides which steps a plan contains. */
public record EstateFacts(CloudStackVersion version, Set<String> hypervisors, List<StoragePool> poolsToFix,
    int vmwarePasswordRows, Optional<Integer> integrationApiPort) {

  /** @throws IllegalStateException when the database has no completed version row */
  public static EstateFacts read(CloudDatabase db) {
    String version = db.currentVersion().orElseThrow(() -> new IllegalStateException(
        "the cloud database has no version row with step Complete: is this a CloudStack database?"));
    Set<String> hypervisors = new java.util.TreeSet<>();
    db.hypervisorsInUse().values().forEach(hypervisors::addAll);
    return new EstateFacts(CloudStackVersion.parse(version), hypervisors, db.localStoragePoolsWithTrailingSlash(),
        db.vmwarePasswordRows().size(), db.integrationApiPort());
  }

  boolean uses(String hypervisor) {
    return hypervisors.stream().anyMatch(h -> h.equalsIgnoreCase(hypervisor));
  }
}
