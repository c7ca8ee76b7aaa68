package org.upgradeflow.lab.command;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.upgradeflow.lab.host.LabHostState;

/** true, false, pwd, hostname, uname, id, df, sleep, kill: the host's identity, disk and jobs. */
final class SystemCommands {

  private SystemCommands() {
  }

  static void register(LabCommandRegistry r) {
    r.register("true", ctx -> 0)
        .register("false", ctx -> 1)
        .register("pwd", ctx -> {
          ctx.print(ctx.cwd() + "\n");
          return 0;
        })
        .register("hostname", SystemCommands::hostname)
        .register("uname", SystemCommands::uname)
        .register("id", SystemCommands::id)
        .register("df", SystemCommands::df)
        .register("sleep", SystemCommands::sleep)
        .register("kill", SystemCommands::kill);
  }

  private static int hostname(CommandContext ctx) throws IOException {
    List<String> operands = ctx.args().stream().filter(a -> !a.startsWith("-")).toList();
    if (!operands.isEmpty()) {
      ctx.host().setHostname(operands.get(0));
      ctx.stateChanged();
      return 0;
    }
    String name = ctx.host().hostname();
    ctx.print((ctx.args().contains("-s") ? name.split("\\.")[0] : name) + "\n");
    return 0;
  }

  private static int uname(CommandContext ctx) throws IOException {
    LabHostState h = ctx.host();
    String kernel = switch (h.os()) {
      case RHEL -> "2.6.32-431.el6.x86_64";
      case UBUNTU -> "3.2.0-58-generic";
      case PHOTON -> "4.19.225-3.ph3";
      case XENSERVER -> "2.6.32.43-0.4.1.xs1.8.0.835.170778xen";
    };
    String flags = String.join("", ctx.args()).replace("-", "");
    if (flags.contains("a")) {
      ctx.print("Linux " + h.hostname() + " " + kernel + " #1 SMP x86_64 x86_64 x86_64 GNU/Linux\n");
      return 0;
    }
    List<String> parts = new ArrayList<>();
    if (flags.isEmpty() || flags.contains("s")) {
      parts.add("Linux");
    }
    if (flags.contains("n")) {
      parts.add(h.hostname());
    }
    if (flags.contains("r")) {
      parts.add(kernel);
    }
    if (flags.contains("m") || flags.contains("p") || flags.contains("i")) {
      parts.add("x86_64");
    }
    if (flags.contains("o")) {
      parts.add("GNU/Linux");
    }
    ctx.print(String.join(" ", parts) + "\n");
    return 0;
  }

  /** Lab hosts are logged into as root only. */
  private static int id(CommandContext ctx) throws IOException {
    String flags = String.join("", ctx.args()).replace("-", "");
    String user = ctx.host().user();
    boolean root = user.equals("root");
    String uid = root ? "0" : "1000";
    if (flags.contains("u") || flags.contains("g")) {
      ctx.print((flags.contains("n") ? user : uid) + "\n");
    } else {
      ctx.print("uid=" + uid + "(" + user + ") gid=" + uid + "(" + user + ") groups=" + uid + "(" + user + ")\n");
    }
    return 0;
  }

  /**
   * One filesystem, mounted on {@code /}, with the host's configured size and free space.
   * {@code -P} gives the POSIX layout the client parses; without it, GNU's.
   */
  private static int df(CommandContext ctx) throws IOException {
    boolean posix = false;
    List<String> paths = new ArrayList<>();
    for (String a : ctx.args()) {
      if (a.startsWith("-") && a.length() > 1) {
        for (char c : a.substring(1).toCharArray()) {
          if (c == 'P') {
            posix = true;
          } else if (c != 'k') {
            return ctx.fail(1, "invalid option -- '" + c + "' (the lab supports -P and -k)");
          }
        }
      } else {
        paths.add(a);
      }
    }
    for (String p : paths) {
      if (!Files.exists(ctx.path(p))) {
        return ctx.fail(1, "'" + p + "': No such file or directory");
      }
    }
    LabHostState h = ctx.host();
    long total = h.diskTotalKb();
    long free = Math.min(h.diskFreeKb(), total);
    long used = total - free;
    long percent = total == 0 ? 0 : (used * 100 + total - 1) / total; // df rounds up
    String device = switch (h.os()) {
      case RHEL -> "/dev/mapper/VolGroup-lv_root";
      case UBUNTU -> "/dev/sda1";
      case PHOTON -> "/dev/sda3";
      case XENSERVER -> "/dev/sda1";
    };
    String header = posix
        ? "Filesystem     1024-blocks      Used Available Capacity Mounted on\n"
        : "Filesystem     1K-blocks      Used Available Use% Mounted on\n";
    StringBuilder out = new StringBuilder(header);
    int rows = Math.max(1, paths.size());
    for (int i = 0; i < rows; i++) {
      out.append(String.format(Locale.ROOT, "%-14s %" + (posix ? 11 : 9) + "d %9d %9d %" + (posix ? 8 : 4) + "s %s%n",
          device, total, used, free, percent + "%", "/"));
    }
    ctx.print(out.toString());
    return 0;
  }

  /** Seconds with optional fraction and s/m/h/d suffix; the host's time scale applies. */
  private static int sleep(CommandContext ctx) throws IOException, InterruptedException {
    if (ctx.args().isEmpty()) {
      return ctx.fail(1, "missing operand");
    }
    BigDecimal seconds = BigDecimal.ZERO;
    for (String a : ctx.args()) {
      String number = a;
      long unit = 1;
      if (a.matches(".*[smhd]")) {
        unit = switch (a.charAt(a.length() - 1)) {
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86400;
          default -> 1;
        };
        number = a.substring(0, a.length() - 1);
      }
      try {
        seconds = seconds.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
      } catch (NumberFormatException e) {
        return ctx.fail(1, "invalid time interval '" + a + "'");
      }
    }
    ctx.sleep(Duration.ofMillis(seconds.multiply(BigDecimal.valueOf(1000)).longValue()));
    return 0;
  }

  /** {@code kill -0 PID} asks whether a background job runs; other signals end it. */
  private static int kill(CommandContext ctx) throws IOException {
    boolean probe = false;
    List<String> pids = new ArrayList<>();
    List<String> args = ctx.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-s") && i + 1 < args.size()) {
        probe = args.get(++i).equals("0");
      } else if (a.startsWith("-") && a.length() > 1) {
        probe = a.equals("-0");
      } else {
        pids.add(a);
      }
    }
    if (pids.isEmpty()) {
      ctx.printErr("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n");
      return 2;
    }
    int code = 0;
    for (String pidText : pids) {
      int pid;
      try {
        pid = Integer.parseInt(pidText);
      } catch (NumberFormatException e) {
        ctx.printErr("bash: kill: " + pidText + ": arguments must be process or job IDs\n");
        code = 1;
        continue;
      }
      boolean alive = probe ? ctx.host().processes().isRunning(pid) : ctx.host().processes().kill(pid);
      if (!alive) {
        ctx.printErr("bash: kill: (" + pid + ") - No such process\n");
        code = 1;
      } else if (!probe) {
        ctx.stateChanged();
      }
    }
    return code;
  }

}
