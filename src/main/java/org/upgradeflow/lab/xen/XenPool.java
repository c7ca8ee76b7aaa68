package org.upgradeflow.lab.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.XenServerPool;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.estate.XenServerCluster;

/**
 * The XenServer pool of a CloudStack estate as xapi's database sees it: the member hosts, the
 * VMs resident on each (a control domain per host, CloudStack's system and user VMs), the
 * storage each host has plugged (PBDs), uploaded patches and the hosts each is applied to, and
 * the hosts that need a reboot after a patch. One model shared by the three hosts, because
 * xapi's database is the pool's, not a host's; it lives on the estate and
 * {@link LabEstate#reset()} rebuilds it.
 *
 * <p>Members and guests come from the estate's {@code cloud} database ({@code host} rows of the
 * XenServer cluster, {@code vm_instance} rows running on them: names, uuids, which member) when
 * the estate has one, else from the {@link XenServerCluster} plan those rows are made from.
 * A migration writes the guest's new {@code host_id} back, as CloudStack's VM sync does once
 * the cluster is managed again, so the database and {@code xe vm-list} never disagree.
 * Which member is master is read from each host's {@code /etc/xensource/pool.conf} at command
 * time, and a host's XenServer version from its {@code /etc/xensource-inventory}, so both are
 * host state like the rest of the lab.
 */
public final class XenPool {

  /** The hotfix's post-apply step the XS602E00x updates carry. */
  static final String AFTER_APPLY = "restartHost";

  record Host(String name, String uuid, long dbId) {
  }

  static final class Vm {
    final String uuid;
    final String name;
    final boolean controlDomain;
    String residentOn;
    /** Live migration needs PV drivers; CloudStack's user VMs lack them until cloud-prepare-upgrade.sh fakes them. */
    boolean pvDrivers;

    Vm(String uuid, String name, boolean controlDomain, String residentOn, boolean pvDrivers) {
      this.uuid = uuid;
      this.name = name;
      this.controlDomain = controlDomain;
      this.residentOn = residentOn;
      this.pvDrivers = pvDrivers;
    }
  }

  static final class Patch {
    final String uuid;
    final String name;
    final long size;
    /** The XenServer version the hotfix is built for, as the precheck's regular expression. */
    final String requiredVersion;
    /** Host names in the order the patch was applied. */
    final Set<String> appliedOn = new LinkedHashSet<>();

    Patch(String uuid, String name, long size, String requiredVersion) {
      this.uuid = uuid;
      this.name = name;
      this.size = size;
      this.requiredVersion = requiredVersion;
    }
  }

  /** A host's connection to a storage repository: its local disk, or the zone's NFS primary storage. */
  static final class Pbd {
    final String uuid;
    final String host;
    final String srUuid;
    final String deviceConfig;
    final boolean shared;
    boolean attached = true;

    Pbd(String uuid, String host, String srUuid, String deviceConfig, boolean shared) {
      this.uuid = uuid;
      this.host = host;
      this.srUuid = srUuid;
      this.deviceConfig = deviceConfig;
      this.shared = shared;
    }
  }

  /** XenServer hotfix names: XS602E003 is for 6.0.2, XS62E004 for 6.2.0, XS56ESP2 for 5.6 SP2 (5.6.100). */
  private static final Pattern HOTFIX = Pattern.compile("XS(\\d)(\\d)(\\d)?E(\\d+|SP2\\w*|FP\\w*)");
  /** The zone-2 primary storage of the estate's cloud database, which the pool mounts over NFS. */
  static final String PRIMARY_STORAGE = "server: 10.2.0.60; serverpath: /export/primary";

  private final LabEstate estate;
  private final XenServerPool pool;
  private final XenServerCluster plan;
  final List<Host> hosts = new ArrayList<>();
  final Map<String, Vm> vms = new LinkedHashMap<>();
  final Map<String, Patch> patches = new LinkedHashMap<>();
  final Map<String, Pbd> pbds = new LinkedHashMap<>();
  final Set<String> rebootRequired = new LinkedHashSet<>();
  /** Guests whose CD cannot be ejected (a fault: cloud-prepare-upgrade.sh stops at them). */
  final Set<String> cdStuck = new LinkedHashSet<>();

  private XenPool(LabEstate estate, XenServerPool pool) {
    this.estate = estate;
    this.pool = pool;
    this.plan = XenServerCluster.of(estate.definition(), estate.environment().hosts(HostRole.KVM_HOST).size());
  }

  /** Installs {@code xe} and the pool scripts on the pool's hosts and attaches the model to the estate (none without a pool). */
  public static Optional<XenPool> install(LabEstate estate) {
    if (estate.environment().xenServerPools().isEmpty()) {
      return Optional.empty();
    }
    XenPool model = new XenPool(estate, estate.environment().xenServerPools().get(0));
    estate.putExtension(XenPool.class, model);
    XeCommand xe = new XeCommand(model);
    XenScripts scripts = new XenScripts(model);
    List<String> names = new ArrayList<>();
    names.add(model.pool.master());
    names.addAll(model.pool.members());
    for (String name : names) {
      var host = estate.host(name);
      host.commands().register("xe", ctx -> xe.run(ctx, name));
      scripts.register(host.commands());
      // a reboot is what a restartHost patch asks for; the boot ends that need and leaves the NFS storage unplugged
      host.state().addBootHook(s -> model.booted(name));
    }
    model.clear();
    estate.onReset(model::clear);
    estate.addTruth("xenPool", model::truth);
    return Optional.of(model);
  }

  public static Optional<XenPool> of(LabEstate estate) {
    return estate.extension(XenPool.class);
  }

  /** Back to the cloud database's (or the plan's) members and guests, nothing uploaded, all storage plugged. */
  synchronized void clear() {
    hosts.clear();
    vms.clear();
    patches.clear();
    pbds.clear();
    rebootRequired.clear();
    cdStuck.clear();
    List<XenServerCluster.Guest> guests = new ArrayList<>();
    if (estate.database().isPresent()) {
      readDatabase(guests);
    } else {
      plan.members().forEach(m -> hosts.add(new Host(m.name(), m.uuid(), m.id())));
      guests.addAll(plan.guests());
    }
    String nfsSr = uuid("sr", "primary");
    for (Host h : hosts) {
      add(new Vm(uuid("dom0", h.name()), "Control domain on host: " + h.name(), true, h.name(), true));
      addPbd(new Pbd(uuid("pbd-local", h.name()), h.name(), uuid("sr-local", h.name()), "device: /dev/sda3", false));
      addPbd(new Pbd(uuid("pbd-nfs", h.name()), h.name(), nfsSr, PRIMARY_STORAGE, true));
    }
    // system VMs are PV Debian guests with drivers; user VMs are HVM until the prepare script fakes them
    guests.forEach(g -> add(new Vm(g.uuid(), g.name(), false, g.member(), !"User".equals(g.type()))));
  }

  private void readDatabase(List<XenServerCluster.Guest> guests) {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT id, name, uuid FROM host WHERE type = 'Routing'"
          + " AND hypervisor_type = 'XenServer' AND removed IS NULL ORDER BY id")) {
        while (rs.next()) {
          hosts.add(new Host(rs.getString(2), rs.getString(3), rs.getLong(1)));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT v.id, v.instance_name, v.uuid, v.type, h.name FROM vm_instance v"
          + " JOIN host h ON h.id = v.host_id WHERE h.hypervisor_type = 'XenServer' AND v.state = 'Running'"
          + " AND v.removed IS NULL ORDER BY v.id")) {
        while (rs.next()) {
          guests.add(new XenServerCluster.Guest(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the XenServer cluster of " + estate.id() + " from its cloud database: "
          + e.getMessage(), e);
    }
  }

  private Connection connection() throws SQLException {
    return estate.database().orElseThrow().server().adminConnection("cloud");
  }

  /** The guest now runs on {@code host}: recorded in xapi's model and in the cloud database's {@code vm_instance}. */
  void moved(Vm vm, Host host) throws IOException {
    vm.residentOn = host.name();
    if (estate.database().isEmpty()) {
      return;
    }
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement("UPDATE vm_instance SET host_id = ? WHERE uuid = ? AND removed IS NULL")) {
      ps.setLong(1, host.dbId());
      ps.setString(2, vm.uuid);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cloud database: " + e.getMessage(), e);
    }
  }

  private void add(Vm vm) {
    vms.put(vm.uuid, vm);
  }

  private void addPbd(Pbd pbd) {
    pbds.put(pbd.uuid, pbd);
  }

  private synchronized void booted(String host) {
    rebootRequired.remove(host);
    pbds.values().stream().filter(p -> p.host.equals(host) && p.shared).forEach(p -> p.attached = false);
  }

  /** Stable per estate, so a run and its replay see the same uuids. */
  String uuid(String kind, String name) {
    return XenServerCluster.uuid(estate.definition(), kind, name);
  }

  LabEstate estate() {
    return estate;
  }

  String poolName() {
    return pool.name();
  }

  Optional<Host> hostByUuid(String uuid) {
    return hosts.stream().filter(h -> h.uuid().equals(uuid)).findFirst();
  }

  Optional<Host> hostByName(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }

  /** The XenServer version of a member, from its inventory file (xapi reads it at start). */
  String productVersion(String host) throws IOException {
    Path inventory = estate.host(host).state().path("/etc/xensource-inventory");
    if (Files.isRegularFile(inventory)) {
      for (String line : Files.readAllLines(inventory)) {
        if (line.startsWith("PRODUCT_VERSION=")) {
          return line.substring("PRODUCT_VERSION=".length()).replace("'", "").trim();
        }
      }
    }
    return plan.version();
  }

  /** The precheck's version expression for a hotfix file name, empty when the name is not a XenServer hotfix's. */
  static Optional<String> requiredVersion(String patchName) {
    Matcher m = HOTFIX.matcher(patchName);
    if (!m.lookingAt()) {
      return Optional.empty();
    }
    String suffix = m.group(4);
    String version = m.group(1) + "." + m.group(2) + "." + (m.group(3) != null ? m.group(3)
        : suffix.startsWith("SP2") || suffix.startsWith("FP") ? "100" : "0");
    return Optional.of("^" + version.replace(".", "\\.") + "$");
  }

  /** The names of the guests (not control domains) resident on this member. */
  public synchronized List<String> residentGuests(String host) {
    return vms.values().stream().filter(v -> !v.controlDomain && host.equals(v.residentOn)).map(v -> v.name).toList();
  }

  /** The name-labels of the patches applied to this member, in order. */
  public synchronized List<String> appliedPatches(String host) {
    return patches.values().stream().filter(p -> p.appliedOn.contains(host)).map(p -> p.name).toList();
  }

  public synchronized boolean rebootRequired(String host) {
    return rebootRequired.contains(host);
  }

  /** A fault: the guest's CD cannot be ejected until the estate is reset (someone must log in and unmount it). */
  public synchronized void stickCd(String vmName) {
    cdStuck.add(vmName);
  }

  /** Whether every storage connection of this member is plugged. */
  public synchronized boolean storageAttached(String host) {
    return pbds.values().stream().filter(p -> p.host.equals(host)).allMatch(p -> p.attached);
  }

  synchronized Map<String, Object> truth() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("name", pool.name());
    List<Map<String, Object>> hs = new ArrayList<>();
    for (Host h : hosts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", h.name());
      m.put("uuid", h.uuid());
      m.put("residentVms", vms.values().stream().filter(v -> h.name().equals(v.residentOn)).map(v -> v.name).toList());
      m.put("appliedPatches", appliedPatches(h.name()));
      m.put("rebootRequired", rebootRequired.contains(h.name()));
      m.put("unpluggedStorage", pbds.values().stream().filter(p -> p.host.equals(h.name()) && !p.attached)
          .map(p -> p.uuid).toList());
      hs.add(m);
    }
    t.put("hosts", hs);
    t.put("patches", patches.values().stream().map(p -> Map.of("uuid", p.uuid, "name", p.name,
        "appliedOn", List.copyOf(p.appliedOn))).toList());
    t.put("migratableVms", vms.values().stream().filter(v -> !v.controlDomain && v.pvDrivers).map(v -> v.name).toList());
    return t;
  }
}
