package org.upgradeflow.lab.xen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.upgradeflow.environment.XenServerPool;
import org.upgradeflow.lab.estate.LabEstate;

/**
 * The XenServer pool of a CloudStack estate as xapi's database sees it: the member hosts (uuid,
 * name-label), the VMs resident on each (a control domain per host, CloudStack system VMs and
 * user VMs), uploaded patches and the hosts each is applied to, and the hosts that need a
 * reboot after a patch. One model shared by the three hosts, because xapi's database is the
 * pool's, not a host's; it lives on the estate and {@link LabEstate#reset()} rebuilds it.
 * Which member is master is read from each host's {@code /etc/xensource/pool.conf} at command
 * time, so it is host state like the rest of the lab.
 */
public final class XenPool {

  /** The hotfix's post-apply step the XS602E00x updates carry. */
  static final String AFTER_APPLY = "restartHost";

  record Host(String name, String uuid) {
  }

  static final class Vm {
    final String uuid;
    final String name;
    final boolean controlDomain;
    String residentOn;

    Vm(String uuid, String name, boolean controlDomain, String residentOn) {
      this.uuid = uuid;
      this.name = name;
      this.controlDomain = controlDomain;
      this.residentOn = residentOn;
    }
  }

  static final class Patch {
    final String uuid;
    final String name;
    final long size;
    /** Host names in the order the patch was applied. */
    final Set<String> appliedOn = new LinkedHashSet<>();

    Patch(String uuid, String name, long size) {
      this.uuid = uuid;
      this.name = name;
      this.size = size;
    }
  }

  /** The initial guests per member: what a small CloudStack zone puts on a three-host pool. */
  private static final Map<String, List<String>> INITIAL_GUESTS = Map.of(
      "xen1", List.of("s-1-VM", "v-2-VM"),
      "xen2", List.of("r-5-VM", "i-2-10-VM"),
      "xen3", List.of("r-6-VM", "i-2-11-VM"));

  private final LabEstate estate;
  private final XenServerPool pool;
  final List<Host> hosts;
  final Map<String, Vm> vms = new LinkedHashMap<>();
  final Map<String, Patch> patches = new LinkedHashMap<>();
  final Set<String> rebootRequired = new LinkedHashSet<>();

  private XenPool(LabEstate estate, XenServerPool pool) {
    this.estate = estate;
    this.pool = pool;
    List<String> names = new ArrayList<>();
    names.add(pool.master());
    names.addAll(pool.members());
    this.hosts = names.stream().map(n -> new Host(n, uuid("host", n))).toList();
  }

  /** Installs {@code xe} on the pool's hosts and attaches the model to the estate (none without a pool). */
  public static Optional<XenPool> install(LabEstate estate) {
    if (estate.environment().xenServerPools().isEmpty()) {
      return Optional.empty();
    }
    XenPool model = new XenPool(estate, estate.environment().xenServerPools().get(0));
    estate.putExtension(XenPool.class, model);
    XeCommand xe = new XeCommand(model);
    model.hosts.forEach(h -> {
      var host = estate.host(h.name());
      host.commands().register("xe", ctx -> xe.run(ctx, h));
      // a reboot is what a restartHost patch asks for; the boot ends that need
      host.state().addBootHook(s -> model.booted(h.name()));
    });
    model.clear();
    estate.onReset(model::clear);
    estate.addTruth("xenPool", model::truth);
    return Optional.of(model);
  }

  public static Optional<XenPool> of(LabEstate estate) {
    return estate.extension(XenPool.class);
  }

  synchronized void clear() {
    vms.clear();
    patches.clear();
    rebootRequired.clear();
    for (Host h : hosts) {
      add(new Vm(uuid("dom0", h.name()), "Control domain on host: " + h.name(), true, h.name()));
      for (String guest : INITIAL_GUESTS.getOrDefault(h.name(), List.of())) {
        add(new Vm(uuid("vm", guest), guest, false, h.name()));
      }
    }
  }

  private void add(Vm vm) {
    vms.put(vm.uuid, vm);
  }

  private synchronized void booted(String host) {
    rebootRequired.remove(host);
  }

  /** Stable per estate, so a run and its replay see the same uuids. */
  String uuid(String kind, String name) {
    return UUID.nameUUIDFromBytes((estate.id() + "/" + kind + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
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
      hs.add(m);
    }
    t.put("hosts", hs);
    t.put("patches", patches.values().stream().map(p -> Map.of("uuid", p.uuid, "name", p.name,
        "appliedOn", List.copyOf(p.appliedOn))).toList());
    return t;
  }
}
