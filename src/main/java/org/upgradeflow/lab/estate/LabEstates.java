package org.upgradeflow.lab.estate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.Product;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.environment.SshCredentials;
import org.upgradeflow.environment.VmwareCluster;
import org.upgradeflow.environment.XenServerPool;
import org.upgradeflow.lab.behaviour.LabBehaviours;
import org.upgradeflow.lab.db.LabCloudDatabase;
import org.upgradeflow.lab.db.LabDatabaseServers;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostFleet;

/**
 * Starts the lab estates on a fleet: hosts in their initial state, a {@code cloud} database
 * per CloudStack estate (when a database server is available) and the {@link Environment}
 * each estate is to UpgradeFlow. Closing stops the databases; the fleet stops the hosts.
 */
public final class LabEstates implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LabEstates.class);

  private final Map<String, LabEstate> estates = new ConcurrentSkipListMap<>();
  private final LabHostFleet fleet;
  private final LabProperties properties;
  private final LabDatabaseServers databases;

  /**
   * @param databases where CloudStack estates get their database server, or null for none
   */
  public LabEstates(LabHostFleet fleet, LabProperties properties, LabDatabaseServers databases) {
    this.fleet = fleet;
    this.properties = properties;
    this.databases = databases;
    LabBehaviours.register(fleet, properties.releases());
  }

  /** Starts the configured estates (all when none are configured). */
  public List<LabEstate> startConfigured() {
    List<String> ids = properties.estates().isEmpty()
        ? EstateDefinition.ALL.stream().map(EstateDefinition::id).toList() : properties.estates();
    List<EstateDefinition> defs = ids.stream().map(EstateDefinition::of).toList();
    // database servers take seconds each: start them side by side, then the (cheap) hosts
    Map<String, CompletableFuture<LabCloudDatabase>> dbs = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (EstateDefinition def : defs) {
        if (def.product() == Product.CLOUDSTACK && databases != null && !estates.containsKey(def.id())) {
          dbs.put(def.id(), CompletableFuture.supplyAsync(() -> LabCloudDatabase.start(databases, def, properties), pool));
        }
      }
      List<LabEstate> started = new ArrayList<>();
      for (EstateDefinition def : defs) {
        CompletableFuture<LabCloudDatabase> db = dbs.get(def.id());
        started.add(start(def, db == null ? null : db.join()));
      }
      return started;
    } finally {
      pool.shutdown();
    }
  }

  /** Starts one estate, with a database of its own when a database server is available. */
  public LabEstate start(EstateDefinition def) {
    LabCloudDatabase database = def.product() == Product.CLOUDSTACK && databases != null
        && !estates.containsKey(def.id()) ? LabCloudDatabase.start(databases, def, properties) : null;
    return start(def, database);
  }

  private synchronized LabEstate start(EstateDefinition def, LabCloudDatabase database) {
    if (estates.containsKey(def.id())) {
      return estates.get(def.id());
    }
    DatabaseEndpoint endpoint = database == null ? null : database.endpoint();
    List<PlannedHost> planned = def.product() == Product.CLOUDSTACK
        ? EstateHosts.cloudStack(def, properties, endpoint)
        : EstateHosts.usageMeter(def, properties);
    Map<String, LabHost> hosts = new LinkedHashMap<>();
    Map<String, HostRole> roles = new LinkedHashMap<>();
    List<Host> inventory = new ArrayList<>();
    for (PlannedHost p : planned) {
      LabHost host = fleet.start(p.spec());
      hosts.put(p.name(), host);
      roles.put(p.name(), p.role());
      inventory.add(new Host(p.name(), host.address(), host.port(), p.role(), p.spec().os(),
          new SshCredentials(p.spec().user(), fleet.clientKeyFile(), Secret.of(p.spec().password()))));
    }
    Environment environment = def.product() == Product.CLOUDSTACK
        ? new Environment(def.id(), Product.CLOUDSTACK, "Lab CloudStack " + def.release() + " estate",
            fleet.knownHostsFile(), properties.repositoryUrl(), endpoint, inventory,
            List.of(new XenServerPool(EstateHosts.POOL, "xen1", List.of("xen2", "xen3"))),
            List.of(new VmwareCluster(EstateHosts.VMWARE_CLUSTER, EstateHosts.VCENTER_HOST, EstateHosts.VCENTER_USER,
                Secret.of(EstateHosts.vcenterPassword(def.id())))),
            EstateHosts.ZONES, null, artifacts().toString(), false)
        : new Environment(def.id(), Product.USAGEMETER, "Lab Usage Meter " + def.release() + " appliance",
            fleet.knownHostsFile(), null, null, inventory, List.of(), List.of(), List.of(), null, null, false);
    LabEstate estate = new LabEstate(def, environment, hosts, roles, database);
    if (def.product() == Product.CLOUDSTACK) {
      org.upgradeflow.lab.cloudstack.CloudStackLab.install(estate, properties.timings(), properties.releases());
    }
    estates.put(def.id(), estate);
    log.info("Lab estate {} ({} {}) started: {} hosts{}", def.id(), def.product(), def.release(), hosts.size(),
        database == null ? "" : ", database on port " + endpoint.port());
    return estate;
  }

  /**
   * The lab's artifact directory (CloudStack estates' {@code artifacts}): a stand-in
   * {@code vhd-util} that the XenServer step copies to management servers.
   */
  public Path artifacts() {
    Path dir = properties.dir().toAbsolutePath().resolve("artifacts");
    try {
      Files.createDirectories(dir);
      Path vhdUtil = dir.resolve(VHD_UTIL);
      if (!Files.exists(vhdUtil)) {
        Files.writeString(vhdUtil, "#!/bin/sh\n# UpgradeFlow lab stand-in for vhd-util (XenServer VHD tool)\n"
            + "echo 'vhd-util: lab stand-in'\n");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("lab artifacts directory " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  public static final String VHD_UTIL = "vhd-util";

  public List<LabEstate> all() {
    return List.copyOf(estates.values());
  }

  public Optional<LabEstate> find(String id) {
    return Optional.ofNullable(id).map(estates::get);
  }

  public LabHostFleet fleet() {
    return fleet;
  }

  @Override
  public synchronized void close() {
    for (LabEstate e : estates.values()) {
      e.database().ifPresent(LabCloudDatabase::close);
    }
    estates.clear();
  }
}
