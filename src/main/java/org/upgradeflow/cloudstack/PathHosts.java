package org.upgradeflow.cloudstack;

import java.util.List;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;

/**
 * The host lists the paths' multi-instance steps iterate over, read from the inventory when the
 * step starts (expressions such as {@code ${pathHosts.managementServers(environmentId)}}), so no
 * list is kept as a process variable. Inventory order: the first management server is the one
 * that runs the database upgrade.
 */
@Component("pathHosts")
public class PathHosts {

  private final EnvironmentRegistry environments;

  PathHosts(EnvironmentRegistry environments) {
    this.environments = environments;
  }

  public List<String> managementServers(String environmentId) {
    return names(environmentId, HostRole.MANAGEMENT_SERVER);
  }

  public String firstManagementServer(String environmentId) {
    List<String> all = managementServers(environmentId);
    if (all.isEmpty()) {
      throw new IllegalStateException("managementServers: environment " + environmentId + " lists none");
    }
    return all.get(0);
  }

  /** Every management server but the first, started one at a time after the database upgrade. */
  public List<String> otherManagementServers(String environmentId) {
    List<String> all = managementServers(environmentId);
    return all.size() <= 1 ? List.of() : List.copyOf(all.subList(1, all.size()));
  }

  public List<String> usageServers(String environmentId) {
    return names(environmentId, HostRole.USAGE_SERVER);
  }

  /** Every host with CloudStack packages, management servers first, then usage servers and KVM hosts (rollback). */
  public List<String> packageHosts(String environmentId) {
    List<String> all = new java.util.ArrayList<>(managementServers(environmentId));
    all.addAll(usageServers(environmentId));
    all.addAll(names(environmentId, HostRole.KVM_HOST));
    return List.copyOf(all);
  }

  private List<String> names(String environmentId, HostRole role) {
    Environment env = environments.get(environmentId);
    return env.hosts(role).stream().map(Host::name).toList();
  }
}
