package org.upgradeflow.lab.xen;

import java.util.List;
import java.util.Optional;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommandRegistry;
import org.upgradeflow.lab.xen.XenPool.Vm;

/**
 * The CloudStack scripts in {@code /opt/xensource/bin} that the 3.0.x/2.2.14 hotfix sections
 * run on a pool member: {@code cloud-clean-vlan.sh} (no lab state to clean: journaled only),
 * {@code cloud-prepare-upgrade.sh} (ejects the guests' CDs and fakes PV drivers on every guest
 * so they can be live-migrated; a CD that cannot be ejected stops it with "can't eject CD",
 * as the procedure warns) and {@code make_migratable.sh VM_UUID} (the drivers for one guest,
 * the procedure's troubleshooting step). Output texts are the lab's: the scripts' own wording
 * is not in the facts sheet.
 */
final class XenScripts {

  static final String DIR = "/opt/xensource/bin/";

  private final XenPool pool;

  XenScripts(XenPool pool) {
    this.pool = pool;
  }

  void register(LabCommandRegistry commands) {
    commands.register(DIR + "cloud-clean-vlan.sh", ctx -> {
      ctx.stateChanged();
      return 0;
    });
    commands.register(DIR + "cloud-prepare-upgrade.sh", this::prepareUpgrade);
    commands.register(DIR + "make_migratable.sh", this::makeMigratable);
  }

  private int prepareUpgrade(CommandContext ctx) throws Exception {
    ctx.stateChanged();
    synchronized (pool) {
      List<Vm> guests = pool.vms.values().stream().filter(v -> !v.controlDomain).toList();
      for (Vm v : guests) {
        if (pool.cdStuck.contains(v.name)) {
          ctx.printErr("can't eject CD for vm " + v.uuid + "\n");
          return 1;
        }
        v.pvDrivers = true;
      }
      ctx.print("prepared " + guests.size() + " vm(s) in pool " + pool.poolName() + " for upgrade\n");
      return 0;
    }
  }

  private int makeMigratable(CommandContext ctx) throws Exception {
    if (ctx.args().size() != 1) {
      return ctx.fail(1, "Usage: make_migratable.sh <VM uuid>");
    }
    ctx.stateChanged();
    synchronized (pool) {
      Optional<Vm> vm = Optional.ofNullable(pool.vms.get(ctx.args().get(0)));
      if (vm.isEmpty() || vm.get().controlDomain) {
        // the script's xe vm-param-set says it
        ctx.printErr("The uuid you supplied was invalid.\ntype: VM\nuuid: " + ctx.args().get(0) + "\n");
        return 1;
      }
      vm.get().pvDrivers = true;
      return 0;
    }
  }
}
