package org.upgradeflow.lab.behaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.upgradeflow.lab.command.CommandContext;

/** {@code rpm -q}/{@code -qa}/{@code -e}, {@code dpkg-query -W}, {@code dpkg --purge|-r|-l}: the installed packages. */
final class PackageQueryCommands {

  private PackageQueryCommands() {
  }

  static int rpm(CommandContext ctx) throws Exception {
    List<String> args = ctx.args();
    String format = null;
    boolean all = false;
    boolean query = false;
    boolean erase = false;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--qf") || a.equals("--queryformat")) {
        format = i + 1 < args.size() ? args.get(++i) : "";
      } else if (a.startsWith("--queryformat=") || a.startsWith("--qf=")) {
        format = a.substring(a.indexOf('=') + 1);
      } else if (a.equals("-e") || a.equals("--erase")) {
        erase = true;
      } else if (a.startsWith("-q") || a.equals("--query")) {
        query = true;
        all |= a.contains("a");
      } else if (a.equals("-a") || a.equals("--all")) {
        all = true;
      } else if (a.equals("--nodeps")) {
        continue;
      } else if (a.startsWith("-")) {
        ctx.printErr("rpm: " + a + ": unknown option\n");
        return 1;
      } else {
        names.add(a);
      }
    }
    Map<String, String> packages = ctx.host().packages();
    if (erase) {
      int missing = 0;
      for (String n : names) {
        if (packages.remove(n) == null) {
          ctx.printErr("error: package " + n + " is not installed\n");
          missing++;
        } else {
          ctx.stateChanged();
        }
      }
      return missing;
    }
    if (!query) {
      ctx.printErr("rpm: no mode specified\n");
      return 1;
    }
    String fmt = format == null ? "%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n" : format;
    StringBuilder out = new StringBuilder();
    if (all) {
      Pattern glob = names.isEmpty() ? null : glob(names.get(0));
      packages.forEach((n, v) -> {
        if (glob == null || glob.matcher(n).matches()) {
          out.append(rpmFormat(fmt, n, v));
        }
      });
      ctx.print(out.toString());
      return 0;
    }
    if (names.isEmpty()) {
      ctx.printErr("rpm: no arguments given for query\n");
      return 1;
    }
    int missing = 0;
    for (String n : names) {
      String v = packages.get(n);
      if (v == null) {
        out.append("package ").append(n).append(" is not installed\n");
        missing++;
      } else {
        out.append(rpmFormat(fmt, n, v));
      }
    }
    ctx.print(out.toString());
    return missing;
  }

  private static String rpmFormat(String fmt, String name, String version) {
    return unescape(fmt).replace("%{NAME}", name).replace("%{VERSION}", version)
        .replace("%{RELEASE}", YumCommand.RELEASE.substring(1)).replace("%{ARCH}", "x86_64");
  }

  static int dpkgQuery(CommandContext ctx) throws Exception {
    List<String> args = ctx.args();
    String format = "${Package}\\t${Version}\\n";
    boolean show = false;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-W") || a.equals("--show")) {
        show = true;
      } else if (a.equals("-f") || a.equals("--showformat")) {
        format = i + 1 < args.size() ? args.get(++i) : "";
      } else if (a.startsWith("-f=") || a.startsWith("--showformat=")) {
        format = a.substring(a.indexOf('=') + 1);
      } else if (a.startsWith("-W") && a.length() > 2) {
        show = true;
      } else if (a.startsWith("-")) {
        ctx.printErr("dpkg-query: error: unknown option " + a + "\n");
        return 2;
      } else {
        names.add(a);
      }
    }
    if (!show) {
      ctx.printErr("dpkg-query: error: need an action option\n");
      return 2;
    }
    Map<String, String> packages = ctx.host().packages();
    StringBuilder out = new StringBuilder();
    int code = 0;
    if (names.isEmpty()) {
      names = List.of("*");
    }
    for (String n : names) {
      Pattern glob = glob(n);
      List<String> hits = packages.keySet().stream().filter(p -> glob.matcher(p).matches()).toList();
      if (hits.isEmpty()) {
        ctx.printErr("dpkg-query: no packages found matching " + n + "\n");
        code = 1;
      }
      for (String p : hits) {
        out.append(unescape(format).replace("${Package}", p).replace("${binary:Package}", p)
            .replace("${Version}", packages.get(p)).replace("${Status}", "install ok installed"));
      }
    }
    ctx.print(out.toString());
    return code;
  }

  static int dpkg(CommandContext ctx) throws Exception {
    List<String> args = ctx.args();
    if (args.isEmpty()) {
      ctx.printErr("dpkg: error: need an action option\n");
      return 2;
    }
    String action = args.get(0);
    List<String> names = args.subList(1, args.size());
    switch (action) {
      case "--purge", "-P", "--remove", "-r" -> {
        for (String n : names) {
          if (ctx.host().packages().remove(n) == null) {
            ctx.printErr("dpkg: warning: ignoring request to remove " + n + " which isn't installed\n");
          } else {
            ctx.stateChanged();
            ctx.print("(Reading database ... 61234 files and directories currently installed.)\nRemoving " + n + " ...\n"
                + (action.startsWith("--p") || action.equals("-P") ? "Purging configuration files for " + n + " ...\n" : ""));
          }
        }
        return 0;
      }
      case "-l", "--list" -> {
        StringBuilder out = new StringBuilder("Desired=Unknown/Install/Remove/Purge/Hold\n"
            + "||/ Name                       Version             Description\n"
            + "+++-==========================-===================-==========================\n");
        ctx.host().packages().forEach((n, v) -> {
          if (names.isEmpty() || names.stream().anyMatch(g -> glob(g).matcher(n).matches())) {
            out.append(String.format("ii  %-26s %-19s %s%n", n, v, n));
          }
        });
        ctx.print(out.toString());
        return 0;
      }
      default -> {
        ctx.printErr("dpkg: error: unknown option " + action + "\n");
        return 2;
      }
    }
  }

  static Pattern glob(String g) {
    StringBuilder re = new StringBuilder();
    for (char c : g.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\t", "\t");
  }
}
