package org.upgradeflow.lab.behaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;

/**
 * {@code service} (SysV init on RHEL 6, XenServer and Ubuntu 12.04; a redirect to systemctl on
 * Photon), {@code systemctl}, {@code chkconfig}, {@code killall}/{@code pkill} and
 * {@code reboot}, acting on the host's services map. Only a real change is journalled: stopping
 * a stopped service fails (as killproc does) and changes nothing.
 */
final class ServiceCommands {

  /** CloudStack daemons that run under jsvc: what {@code killall jsvc} ends. */
  private static final List<String> JSVC = List.of("cloudstack-agent", "cloud-agent", "cloudstack-usage", "cloud-usage");

  private ServiceCommands() {
  }

  static int service(CommandContext ctx) throws Exception {
    List<String> args = ctx.args();
    if (args.size() < 2) {
      ctx.printErr("Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n");
      return 1;
    }
    String name = args.get(0);
    String action = args.get(1);
    LabHostState h = ctx.host();
    if (h.os() == OsFamily.PHOTON) {
      ctx.printErr("Redirecting to /bin/systemctl " + action + " " + name + ".service\n");
      return systemctl(ctx, action, List.of(name));
    }
    ServiceState s = h.services().get(name);
    if (s == null) {
      ctx.printErr(name + ": unrecognized service\n");
      return 1;
    }
    boolean ubuntu = h.os() == OsFamily.UBUNTU;
    switch (action) {
      case "start" -> {
        return start(ctx, name, ubuntu);
      }
      case "stop" -> {
        return stop(ctx, name, ubuntu);
      }
      case "restart" -> {
        stop(ctx, name, ubuntu);
        return start(ctx, name, ubuntu);
      }
      case "status" -> {
        if (ubuntu) {
          ctx.print(" * " + name + (s.running() ? " is running\n" : " is not running\n"));
        } else {
          ctx.print(s.running() ? name + " (pid  " + pid(name) + ") is running...\n" : name + " is stopped\n");
        }
        return s.running() ? 0 : 3;
      }
      default -> {
        ctx.printErr("Usage: " + name + " {start|stop|restart|status}\n");
        return ubuntu ? 1 : 2;
      }
    }
  }

  private static int start(CommandContext ctx, String name, boolean ubuntu) throws Exception {
    ServiceState s = ctx.host().services().get(name);
    if (!s.running()) {
      ctx.host().services().put(name, s.withRunning(true));
      ctx.stateChanged();
    }
    ctx.print(line(ubuntu, "Starting", name, true));
    return 0;
  }

  private static int stop(CommandContext ctx, String name, boolean ubuntu) throws Exception {
    ServiceState s = ctx.host().services().get(name);
    if (!s.running()) {
      ctx.print(line(ubuntu, "Stopping", name, false));
      return 1;
    }
    stopAndForgetOrphan(ctx.host(), name);
    ctx.stateChanged();
    ctx.print(line(ubuntu, "Stopping", name, true));
    return 0;
  }

  /** Stops a service; an old daemon whose package was replaced disappears once stopped. */
  private static void stopAndForgetOrphan(LabHostState h, String name) {
    String owner = CloudStackPackaging.SERVICE_PACKAGE.get(name);
    if (owner != null && !h.packages().containsKey(owner)) {
      h.services().remove(name);
    } else {
      h.services().computeIfPresent(name, (n, s) -> s.withRunning(false));
    }
  }

  private static String line(boolean ubuntu, String verb, String name, boolean ok) {
    if (ubuntu) {
      return String.format(Locale.ROOT, " * %s %s %" + Math.max(1, 60 - verb.length() - name.length()) + "s%n",
          verb, name, ok ? "[ OK ]" : "[fail]");
    }
    return String.format(Locale.ROOT, "%-60s[%s]%n", verb + " " + name + ":", ok ? "  OK  " : "FAILED");
  }

  private static int pid(String name) {
    return 1000 + Math.floorMod(name.hashCode(), 30000);
  }

  static int systemctl(CommandContext ctx) throws Exception {
    List<String> words = ctx.args().stream().filter(a -> !a.startsWith("-")).toList();
    if (words.isEmpty()) {
      ctx.printErr("systemctl: the lab knows start|stop|restart|status|is-active|is-enabled|enable|disable UNIT...\n");
      return 1;
    }
    return systemctl(ctx, words.get(0), words.subList(1, words.size()));
  }

  private static int systemctl(CommandContext ctx, String action, List<String> units) throws Exception {
    if (units.isEmpty()) {
      ctx.printErr("Too few arguments.\n");
      return 1;
    }
    int code = 0;
    List<String> names = new ArrayList<>();
    units.forEach(u -> names.add(u.endsWith(".service") ? u.substring(0, u.length() - ".service".length()) : u));
    for (String name : names) {
      ServiceState s = ctx.host().services().get(name);
      switch (action) {
        case "start", "stop", "restart" -> {
          if (s == null) {
            ctx.printErr("Failed to " + action + " " + name + ".service: Unit " + name + ".service not found.\n");
            code = 5;
          } else if (action.equals("stop") ? s.running() : !s.running() || action.equals("restart")) {
            ctx.host().services().put(name, s.withRunning(!action.equals("stop")));
            ctx.stateChanged();
          }
        }
        case "enable", "disable" -> {
          if (s == null) {
            ctx.printErr("Failed to " + action + " unit: Unit file " + name + ".service does not exist.\n");
            code = 1;
          } else if (s.enabled() != action.equals("enable")) {
            ctx.host().services().put(name, s.withEnabled(action.equals("enable")));
            ctx.stateChanged();
            ctx.printErr(action.equals("enable")
                ? "Created symlink /etc/systemd/system/multi-user.target.wants/" + name + ".service → /lib/systemd/system/" + name + ".service.\n"
                : "Removed /etc/systemd/system/multi-user.target.wants/" + name + ".service.\n");
          }
        }
        case "is-active" -> {
          ctx.print(s != null && s.running() ? "active\n" : "inactive\n");
          code = Math.max(code, s != null && s.running() ? 0 : 3);
        }
        case "is-enabled" -> {
          if (s == null) {
            ctx.printErr("Failed to get unit file state for " + name + ".service: No such file or directory\n");
            code = 1;
          } else {
            ctx.print(s.enabled() ? "enabled\n" : "disabled\n");
            code = Math.max(code, s.enabled() ? 0 : 1);
          }
        }
        case "status" -> {
          if (s == null) {
            ctx.printErr("Unit " + name + ".service could not be found.\n");
            code = 4;
          } else {
            ctx.print("● " + name + ".service\n   Loaded: loaded (/lib/systemd/system/" + name + ".service; "
                + (s.enabled() ? "enabled" : "disabled") + "; vendor preset: enabled)\n   Active: "
                + (s.running() ? "active (running)" : "inactive (dead)") + "\n");
            code = Math.max(code, s.running() ? 0 : 3);
          }
        }
        default -> {
          ctx.printErr("Unknown operation '" + action + "'.\n");
          return 1;
        }
      }
    }
    return code;
  }

  /** {@code chkconfig NAME on|off} and {@code chkconfig --list NAME} (RHEL 6, XenServer). */
  static int chkconfig(CommandContext ctx) throws Exception {
    List<String> args = ctx.args();
    if (args.size() == 2 && args.get(0).equals("--list")) {
      ServiceState s = ctx.host().services().get(args.get(1));
      if (s == null) {
        ctx.printErr("error reading information on service " + args.get(1) + ": No such file or directory\n");
        return 1;
      }
      String v = s.enabled() ? "on" : "off";
      ctx.print(String.format(Locale.ROOT, "%-15s\t0:off\t1:off\t2:%s\t3:%s\t4:%s\t5:%s\t6:off%n", args.get(1), v, v, v, v));
      return 0;
    }
    if (args.size() == 2 && (args.get(1).equals("on") || args.get(1).equals("off"))) {
      ServiceState s = ctx.host().services().get(args.get(0));
      if (s == null) {
        ctx.printErr("error reading information on service " + args.get(0) + ": No such file or directory\n");
        return 1;
      }
      boolean on = args.get(1).equals("on");
      if (s.enabled() != on) {
        ctx.host().services().put(args.get(0), s.withEnabled(on));
        ctx.stateChanged();
      }
      return 0;
    }
    ctx.printErr("usage: chkconfig [--list] [name] | chkconfig name <on|off>\n");
    return 2;
  }

  /** {@code killall [-9] NAME} / {@code pkill [-9] [-f] NAME}: jsvc ends the CloudStack agent and usage daemons. */
  static int kill(CommandContext ctx) throws Exception {
    boolean killall = ctx.program().endsWith("killall");
    List<String> names = ctx.args().stream().filter(a -> !a.startsWith("-")).toList();
    if (names.isEmpty()) {
      ctx.printErr(killall ? "Usage: killall [OPTION]... [--] NAME...\n" : "pkill: no matching criteria specified\n");
      return killall ? 1 : 2;
    }
    int code = 0;
    LabHostState h = ctx.host();
    for (String name : names) {
      List<String> victims = h.services().entrySet().stream().filter(e -> e.getValue().running())
          .map(java.util.Map.Entry::getKey)
          .filter(s -> name.equals("jsvc") ? JSVC.contains(s) : s.equals(name)).toList();
      if (victims.isEmpty()) {
        if (killall) {
          ctx.printErr(name + ": no process found\n");
        }
        code = 1;
        continue;
      }
      victims.forEach(v -> stopAndForgetOrphan(h, v));
      ctx.stateChanged();
    }
    return code;
  }

  /** {@code reboot}, {@code shutdown -r now}, {@code init 6}: down for {@code LabTimings.reboot} (a minute). */
  static int reboot(CommandContext ctx) throws Exception {
    String p = ctx.program().substring(ctx.program().lastIndexOf('/') + 1);
    if (p.equals("shutdown") && !ctx.args().contains("-r")) {
      ctx.printErr("shutdown: the lab only reboots (shutdown -r)\n");
      return 1;
    }
    if (p.equals("init") && !ctx.args().equals(List.of("6"))) {
      ctx.printErr("init: the lab only knows init 6\n");
      return 1;
    }
    ctx.stateChanged();
    ctx.host().reboot(ctx.host().time().scaled(ctx.host().time().timings().reboot()));
    return 0;
  }
}
