package org.upgradeflow.lab.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.xen.XenPool.Host;
import org.upgradeflow.lab.xen.XenPool.Patch;
import org.upgradeflow.lab.xen.XenPool.Pbd;
import org.upgradeflow.lab.xen.XenPool.Vm;

/**
 * {@code xe} on a pool member, for the XenServer steps of the 3.0.x/2.2.14 procedures:
 * {@code host-list}, {@code vm-list}, {@code patch-list}, {@code pbd-list} (records and filters
 * as xe prints them, {@code --minimal}), {@code patch-upload file-name=},
 * {@code vm-migrate host= vm=}, {@code host-evacuate uuid=}, {@code patch-apply host-uuid= uuid=},
 * {@code patch-pool-apply uuid=}, {@code pbd-plug uuid=}, {@code pbd-unplug uuid=}. Errors are
 * xapi's texts on stderr with exit 1 (see {@link XeOutput}).
 *
 * <p>A slave's xe forwards to the master, so every command works on every member (the
 * procedure repeats the migrate/apply/plug steps on each slave) except {@code patch-upload}:
 * xapi's upload handler refuses on a slave, and the lab prints the HOST_IS_SLAVE text for it.
 * The apply prechecks, in xapi's order: the hotfix's XenServer version against the host's
 * (PATCH_PRECHECK_FAILED_WRONG_SERVER_VERSION), then no guest resident
 * (PATCH_PRECHECK_FAILED_VM_RUNNING). Live migration needs PV drivers (VM_MISSING_PV_DRIVERS
 * for CloudStack's user VMs until {@code cloud-prepare-upgrade.sh} or {@code make_migratable.sh}).
 */
final class XeCommand {

  private static final Set<String> CHANGING = Set.of("patch-upload", "patch-apply", "patch-pool-apply", "vm-migrate",
      "host-evacuate", "pbd-plug", "pbd-unplug");
  /** Parameters every command takes that are not record fields (never used as filters). */
  private static final Set<String> STD_PARAMS = Set.of("minimal", "params", "multiple", "live", "host", "vm",
      "force");

  private final XenPool pool;

  XeCommand(XenPool pool) {
    this.pool = pool;
  }

  int run(CommandContext ctx, String self) throws IOException {
    XeOutput out = new XeOutput(ctx);
    if (ctx.args().isEmpty()) {
      return out.usage(1);
    }
    String command = ctx.args().get(0);
    Map<String, String> params = new LinkedHashMap<>();
    for (String a : ctx.args().subList(1, ctx.args().size())) {
      if (a.startsWith("--")) {
        params.put(a.substring(2), "true");
      } else if (a.indexOf('=') > 0) {
        params.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      } else {
        return out.paramError("Syntax error", a);
      }
    }
    synchronized (pool) {
      if (CHANGING.contains(command)) {
        return changing(ctx, out, command, params);
      }
      return switch (command) {
        case "host-list" -> out.records(hostRecords(), params, STD_PARAMS,
            "uuid ( RO)", "name-label ( RW)", "name-description ( RW)");
        case "vm-list" -> out.records(vmRecords(), params, STD_PARAMS, "uuid ( RO)", "name-label ( RW)",
            "power-state ( RO)");
        case "patch-list" -> out.records(patchRecords(), params, STD_PARAMS, "uuid ( RO)", "name-label ( RO)",
            "name-description ( RO)", "size ( RO)", "hosts (SRO)", "after-apply-guidance (SRO)");
        case "pbd-list" -> out.records(pbdRecords(), params, STD_PARAMS, "uuid ( RO)", "host-uuid ( RO)",
            "sr-uuid ( RO)", "device-config (MRO)", "currently-attached ( RO)");
        case "help" -> out.usage(0);
        default -> out.paramError("Unknown command", command);
      };
    }
  }

  private int changing(CommandContext ctx, XeOutput out, String command, Map<String, String> params)
      throws IOException {
    List<String> required = switch (command) {
      case "patch-upload" -> List.of("file-name");
      case "patch-apply" -> List.of("uuid", "host-uuid");
      case "vm-migrate" -> List.of("host");
      default -> List.of("uuid");
    };
    for (String r : required) {
      if (!params.containsKey(r)) {
        return out.paramError("Required parameter not found", r);
      }
    }
    if (command.equals("patch-upload")) {
      String poolConf = poolConf(ctx);
      if (!poolConf.equals("master")) {
        return out.serverError(XeOutput.HOST_IS_SLAVE, "Master IP address",
            poolConf.startsWith("slave:") ? poolConf.substring(6) : "");
      }
    }
    // from here the call reached the master's xapi: journaled with its exit code, like other attempts to change a host
    ctx.stateChanged();
    return switch (command) {
      case "patch-upload" -> upload(ctx, out, params.get("file-name"));
      case "patch-apply" -> apply(out, params.get("uuid"), params.get("host-uuid"));
      case "patch-pool-apply" -> poolApply(out, params.get("uuid"));
      case "host-evacuate" -> evacuate(out, params.get("uuid"));
      case "pbd-plug", "pbd-unplug" -> plug(out, params.get("uuid"), command.equals("pbd-plug"));
      default -> migrate(out, params);
    };
  }

  private int upload(CommandContext ctx, XeOutput out, String fileName) throws IOException {
    Path file = ctx.path(fileName);
    if (!Files.isRegularFile(file)) {
      // the xe client reads the file itself before it sends anything
      return out.plainError("Failed to read file " + fileName);
    }
    String name = file.getFileName().toString().replaceFirst("\\.xsupdate$", "");
    Optional<String> version = XenPool.requiredVersion(name);
    if (version.isEmpty()) {
      // xapi runs the patch's "info" to read its metadata; anything but a signed hotfix fails there
      return out.serverError(XeOutput.INVALID_PATCH);
    }
    Optional<Patch> existing = pool.patches.values().stream().filter(p -> p.name.equals(name)).findFirst();
    if (existing.isPresent()) {
      return out.serverError(XeOutput.PATCH_ALREADY_EXISTS, "uuid", existing.get().uuid);
    }
    Patch p = new Patch(pool.uuid("patch", name), name, Files.size(file), version.get());
    pool.patches.put(p.uuid, p);
    ctx.print(p.uuid + "\n");
    return 0;
  }

  private int apply(XeOutput out, String patchUuid, String hostUuid) throws IOException {
    Patch p = pool.patches.get(patchUuid);
    if (p == null) {
      return out.serverError(XeOutput.UUID_INVALID, "type", "pool_patch", "uuid", patchUuid);
    }
    Optional<Host> host = pool.hostByUuid(hostUuid);
    if (host.isEmpty()) {
      return out.serverError(XeOutput.UUID_INVALID, "type", "host", "uuid", hostUuid);
    }
    if (p.appliedOn.contains(host.get().name())) {
      return out.serverError(XeOutput.PATCH_ALREADY_APPLIED, "patch", patchRef(p));
    }
    return applyOn(out, p, host.get());
  }

  /** xapi's pool_apply: every member the patch is not yet on, master first, stopping at the first failure. */
  private int poolApply(XeOutput out, String patchUuid) throws IOException {
    Patch p = pool.patches.get(patchUuid);
    if (p == null) {
      return out.serverError(XeOutput.UUID_INVALID, "type", "pool_patch", "uuid", patchUuid);
    }
    for (Host h : pool.hosts) {
      if (!p.appliedOn.contains(h.name())) {
        int rc = applyOn(out, p, h);
        if (rc != 0) {
          return rc;
        }
      }
    }
    return 0;
  }

  private int applyOn(XeOutput out, Patch p, Host host) throws IOException {
    String found = pool.productVersion(host.name());
    if (!found.matches(p.requiredVersion)) {
      return out.serverError(XeOutput.PATCH_PRECHECK_FAILED_WRONG_SERVER_VERSION, "patch", patchRef(p),
          "found_version", found, "required_version", p.requiredVersion);
    }
    if (!pool.residentGuests(host.name()).isEmpty()) {
      return out.serverError(XeOutput.PATCH_PRECHECK_FAILED_VM_RUNNING, "patch", patchRef(p));
    }
    p.appliedOn.add(host.name());
    pool.rebootRequired.add(host.name());
    return 0;
  }

  private static String patchRef(Patch p) {
    return p.uuid + " (" + p.name + ")";
  }

  private int migrate(XeOutput out, Map<String, String> params) throws IOException {
    String target = params.get("host");
    Optional<Host> host = pool.hostByName(target).or(() -> pool.hostByUuid(target));
    if (host.isEmpty()) {
      return out.internalError("Failure: Host " + target + " not found");
    }
    String vm = params.get("vm");
    List<Vm> selected = pool.vms.values().stream().filter(v -> !v.controlDomain)
        .filter(v -> vm == null || vm.equals(v.uuid) || vm.equals(v.name))
        .filter(v -> out.matches(vmRecord(v), params, STD_PARAMS)).toList();
    if (selected.isEmpty()) {
      return out.internalError("Failure: No matching VMs found");
    }
    if (selected.size() > 1) {
      return out.internalError("Failure: Multiple matches VMs found. --multiple required to complete the operation");
    }
    Vm v = selected.get(0);
    if (!v.pvDrivers) {
      return out.serverError(XeOutput.VM_MISSING_PV_DRIVERS, "vm", v.uuid);
    }
    pool.moved(v, host.get());
    return 0;
  }

  /** Every guest off the host, each to the other member with the fewest guests; nothing moves unless all can. */
  private int evacuate(XeOutput out, String hostUuid) throws IOException {
    Optional<Host> host = pool.hostByUuid(hostUuid);
    if (host.isEmpty()) {
      return out.serverError(XeOutput.UUID_INVALID, "type", "host", "uuid", hostUuid);
    }
    List<Vm> guests = pool.vms.values().stream()
        .filter(v -> !v.controlDomain && host.get().name().equals(v.residentOn)).toList();
    for (Vm v : guests) {
      if (!v.pvDrivers) {
        return out.serverError(XeOutput.VM_MISSING_PV_DRIVERS, "vm", v.uuid);
      }
    }
    List<Host> others = pool.hosts.stream().filter(h -> !h.equals(host.get())).toList();
    if (others.isEmpty() && !guests.isEmpty()) {
      return out.serverError(XeOutput.HOST_NOT_ENOUGH_FREE_MEMORY, "needed", "1", "available", "0");
    }
    for (Vm v : guests) {
      Host to = others.stream().min(Comparator.comparingInt((Host h) -> pool.residentGuests(h.name()).size())).orElseThrow();
      pool.moved(v, to);
    }
    return 0;
  }

  private int plug(XeOutput out, String pbdUuid, boolean attach) throws IOException {
    Pbd pbd = pool.pbds.get(pbdUuid);
    if (pbd == null) {
      return out.serverError(XeOutput.UUID_INVALID, "type", "PBD", "uuid", pbdUuid);
    }
    // both are no-ops when the PBD is already in the asked state, as in xapi
    pbd.attached = attach;
    return 0;
  }

  private static String poolConf(CommandContext ctx) throws IOException {
    Path p = ctx.host().path("/etc/xensource/pool.conf");
    return Files.isRegularFile(p) ? Files.readString(p).trim() : "master";
  }

  private List<Map<String, String>> hostRecords() {
    List<Map<String, String>> list = new ArrayList<>();
    for (Host h : pool.hosts) {
      Map<String, String> r = new LinkedHashMap<>();
      r.put("uuid", h.uuid());
      r.put("name-label", h.name());
      r.put("name-description", "Default install of XenServer");
      r.put("hostname", h.name());
      list.add(r);
    }
    return list;
  }

  private List<Map<String, String>> vmRecords() {
    return pool.vms.values().stream().map(this::vmRecord).toList();
  }

  private Map<String, String> vmRecord(Vm v) {
    Map<String, String> r = new LinkedHashMap<>();
    r.put("uuid", v.uuid);
    r.put("name-label", v.name);
    r.put("power-state", "running");
    r.put("resident-on", pool.hostByName(v.residentOn).map(Host::uuid).orElse("<not in database>"));
    r.put("is-control-domain", String.valueOf(v.controlDomain));
    r.put("is-a-template", "false");
    return r;
  }

  private List<Map<String, String>> patchRecords() {
    return pool.patches.values().stream().map(p -> {
      Map<String, String> r = new LinkedHashMap<>();
      r.put("uuid", p.uuid);
      r.put("name-label", p.name);
      r.put("name-description", "Public Availability: hotfix " + p.name);
      r.put("size", String.valueOf(p.size));
      r.put("hosts", String.join(", ", p.appliedOn.stream()
          .map(n -> pool.hostByName(n).map(Host::uuid).orElse(n)).toList()));
      r.put("after-apply-guidance", XenPool.AFTER_APPLY);
      return r;
    }).toList();
  }

  private List<Map<String, String>> pbdRecords() {
    return pool.pbds.values().stream().map(p -> {
      Map<String, String> r = new LinkedHashMap<>();
      r.put("uuid", p.uuid);
      r.put("host-uuid", pool.hostByName(p.host).map(Host::uuid).orElse(p.host));
      r.put("sr-uuid", p.srUuid);
      r.put("device-config", p.deviceConfig);
      r.put("currently-attached", String.valueOf(p.attached));
      return r;
    }).toList();
  }
}
