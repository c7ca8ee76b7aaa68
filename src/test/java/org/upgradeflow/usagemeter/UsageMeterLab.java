package org.upgradeflow.usagemeter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.Product;
import org.upgradeflow.lab.behaviour.LabBehaviours;
import org.upgradeflow.lab.estate.EstateDefinition;
import org.upgradeflow.lab.estate.EstateHosts;
import org.upgradeflow.lab.estate.LabProperties;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostFleet;
import org.upgradeflow.lab.host.LabHostSpec;
import org.upgradeflow.lab.host.LabHostState;

/**
 * The appliances of lab-um-42/44/46 as their estates plan them, each under a host name of this
 * test class's own (Jimfs names are JVM-wide, and a cached lab context may run the estates), and
 * registered as environments with the estate ids and the inventory name {@code um1}.
 */
final class UsageMeterLab implements AutoCloseable {

  private final LabHostFleet fleet;
  private final Map<String, LabHost> hosts = new LinkedHashMap<>();

  UsageMeterLab(Path dir, String prefix, List<String> estateIds) {
    fleet = new LabHostFleet(dir);
    LabProperties props = LabProperties.defaults(dir).withDatabase("none").withTimeScale(0.002);
    LabBehaviours.register(fleet, props.releases());
    for (String id : estateIds) {
      LabHostSpec s = EstateHosts.usageMeter(EstateDefinition.of(id), props).get(0).spec();
      hosts.put(id, fleet.start(new LabHostSpec(prefix + "-" + s.name(), s.os(), s.hostname(), s.user(), s.password(),
          s.packages(), s.services(), s.files(), s.diskTotalKb(), s.diskFreeKb(), s.time())));
    }
  }

  LabHostState um(String id) {
    return hosts.get(id).state();
  }

  /** The appliance's server: unreachable drops its connections (and ends a command held by a fault). */
  void setReachable(String id, boolean reachable) {
    hosts.get(id).setReachable(reachable);
  }

  /** Back to the estate's initial state. */
  void reset() {
    hosts.values().forEach(LabHost::reset);
  }

  Environment environment(String id, String artifacts, boolean cdrom, String proxy) {
    return environment(id, artifacts, cdrom, proxy, fleet.knownHostsFile());
  }

  Environment environment(String id, String artifacts, boolean cdrom, String proxy, Path knownHosts) {
    Host lab = hosts.get(id).inventoryHost(HostRole.USAGE_METER_APPLIANCE);
    Host um1 = new Host("um1", lab.address(), lab.port(), lab.role(), lab.os(), lab.ssh());
    return new Environment(id, Product.USAGEMETER, "Lab Usage Meter appliance " + id, knownHosts, null, null,
        List.of(um1), List.of(), List.of(), List.of(), proxy, artifacts, cdrom);
  }

  @Override
  public void close() {
    fleet.close();
  }
}
