package org.upgradeflow.lab.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.xen.XenPool.Host;
import org.upgradeflow.lab.xen.XenPool.Patch;
import org.upgradeflow.lab.xen.XenPool.Vm;

/**
 * {@code xe} on a pool member, for the hotfix steps of the 3.0.x/2.2.14 procedures:
 * {@code host-list}, {@code vm-list}, {@code patch-list} (records and filters as xe prints
 * them, {@code --minimal}), {@code patch-upload file-name=}, {@code vm-migrate host= vm=},
 * {@code patch-apply host-uuid= uuid=}. Errors are xapi's texts on stderr with exit 1 (see
 * {@link XeOutput}). The three changing commands run only on the master: the procedure says
 * to run them there, so the lab refuses them on a slave with xapi's HOST_IS_SLAVE text rather
 * than forwarding as a real slave's xapi would for a local CLI call.
 */
final class XeCommand {

  private static final Set<String> MASTER_ONLY = Set.of("patch-upload", "patch-apply", "vm-migrate");
  /** Parameters every command takes that are not record fields (never used as filters). */
  private static final Set<String> STD_PARAMS = Set.of("minimal", "params", "multiple", "live", "host", "vm",
      "force");

  private final XenPool pool;

  XeCommand(XenPool pool) {
    this.pool = pool;
  }

  int run(CommandContext ctx, Host self) throws IOException {
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
      return switch (command) {
        case "host-list" -> out.records(hostRecords(), params, STD_PARAMS,
            "uuid ( RO)", "name-label ( RW)", "name-description ( RW)");
        case "vm-list" -> out.records(vmRecords(), params, STD_PARAMS, "uuid ( RO)", "name-label ( RW)",
            "power-state ( RO)");
        case "patch-list" -> out.records(patchRecords(), params, STD_PARAMS, "uuid ( RO)", "name-label ( RO)",
            "name-description ( RO)", "size ( RO)", "hosts (SRO)", "after-apply-guidance (SRO)");
        case "patch-upload", "patch-apply", "vm-migrate" -> changing(ctx, out, self, command, params);
        case "help" -> out.usage(0);
        default -> out.paramError("Unknown command", command);
      };
    }
  }

  private int changing(CommandContext ctx, XeOutput out, Host self, String command, Map<String, String> params)
      throws IOException {
    List<String> required = switch (command) {
      case "patch-upload" -> List.of("file-name");
      case "patch-apply" -> List.of("uuid", "host-uuid");
      default -> List.of("host");
    };
    for (String r : required) {
      if (!params.containsKey(r)) {
        return out.paramError("Required parameter not found", r);
      }
    }
    String poolConf = poolConf(ctx);
    if (MASTER_ONLY.contains(command) && !poolConf.equals("master")) {
      return out.serverError(XeOutput.HOST_IS_SLAVE, "Master IP address",
          poolConf.startsWith("slave:") ? poolConf.substring(6) : "");
    }
    // from here the call reached the master's xapi: journaled with its exit code, like other attempts to change a host
    ctx.stateChanged();
    return switch (command) {
      case "patch-upload" -> upload(ctx, out, params.get("file-name"));
      case "patch-apply" -> apply(out, params.get("uuid"), params.get("host-uuid"));
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
    Optional<Patch> existing = pool.patches.values().stream().filter(p -> p.name.equals(name)).findFirst();
    if (existing.isPresent()) {
      return out.serverError(XeOutput.PATCH_ALREADY_EXISTS, "uuid", existing.get().uuid);
    }
    Patch p = new Patch(pool.uuid("patch", name), name, Files.size(file));
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
    String patchRef = p.uuid + " (" + p.name + ")";
    if (p.appliedOn.contains(host.get().name())) {
      return out.serverError(XeOutput.PATCH_ALREADY_APPLIED, "patch", patchRef);
    }
    if (!pool.residentGuests(host.get().name()).isEmpty()) {
      return out.serverError(XeOutput.PATCH_PRECHECK_FAILED_VM_RUNNING, "patch", patchRef);
    }
    p.appliedOn.add(host.get().name());
    pool.rebootRequired.add(host.get().name());
    return 0;
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
    selected.get(0).residentOn = host.get().name();
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
}
