package org.upgradeflow.lab.behaviour;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;

/**
 * {@code yum} 3.2 (CentOS/RHEL 6) for CloudStack packages: {@code update|upgrade [pkg...]},
 * {@code install pkg...}, {@code check-update}, {@code remove}, {@code clean}, {@code makecache}.
 * The repository is whatever {@code /etc/yum.repos.d/cloudstack.repo} on the host points at.
 * Without {@code -y} it asks {@code Is this ok [y/N]:} and reads the answer from stdin.
 */
final class YumCommand implements LabCommand {

  static final String RELEASE = "-1.el6";
  private final Releases releases;

  YumCommand(Releases releases) {
    this.releases = releases;
  }

  static String nevra(String name, String version) {
    return name + "-" + version + RELEASE + ".x86_64";
  }

  @Override
  public int run(CommandContext ctx) throws Exception {
    boolean yes = false;
    List<String> words = new ArrayList<>();
    for (String a : ctx.args()) {
      if (a.equals("-y") || a.equals("--assumeyes")) {
        yes = true;
      } else if (a.startsWith("-")) {
        continue; // -q, -d 0, --nogpgcheck, --enablerepo=...: no effect in the lab
      } else {
        words.add(a);
      }
    }
    if (words.isEmpty()) {
      ctx.printErr("You need to give some command\n");
      return 1;
    }
    String command = words.get(0);
    List<String> pkgs = words.subList(1, words.size());
    Optional<String> served = CloudStackPackaging.repositoryVersion(ctx.host()).flatMap(releases::served);
    switch (command) {
      case "clean", "makecache" -> {
        ctx.print("Loaded plugins: fastestmirror\n" + (command.equals("clean") ? "Cleaning repos: base cloudstack\n" : "Metadata Cache Created\n"));
        return 0;
      }
      case "check-update" -> {
        PackageTransaction t = PackageTransaction.plan(ctx.host().packages(), pkgs, served, false, true);
        ctx.print("Loaded plugins: fastestmirror\n\n");
        for (var u : t.updates.values()) {
          ctx.print(String.format(Locale.ROOT, "%-40s %-20s %s%n", u.name() + ".x86_64", u.to() + RELEASE, "cloudstack"));
        }
        for (var i : t.installs.values()) {
          ctx.print(String.format(Locale.ROOT, "%-40s %-20s %s%n", i.name() + ".x86_64", i.to() + RELEASE, "cloudstack"));
        }
        return t.isEmpty() ? 0 : 100;
      }
      case "update", "upgrade", "install" -> {
        java.util.Map<String, String> exact = command.equals("install") && !pkgs.isEmpty() ? exact(pkgs) : null;
        return exact != null ? installExact(ctx, exact, served, yes)
            : transact(ctx, command.equals("install"), pkgs, served, yes);
      }
      case "remove", "erase" -> {
        return remove(ctx, pkgs, yes);
      }
      case "downgrade" -> {
        return downgrade(ctx, pkgs, served);
      }
      default -> {
        ctx.printErr("No such command: " + command + ". Please use /usr/bin/yum --help\n");
        return 1;
      }
    }
  }

  /** {@code name-version[-release][.arch]}, as yum takes a package at an exact release. */
  private static final java.util.regex.Pattern EXACT =
      java.util.regex.Pattern.compile("(.+?)-(\\d+(?:\\.\\d+)+)(?:-[^-]+)?");

  /** Name to version, or null when an argument names no exact release. */
  private static java.util.Map<String, String> exact(List<String> pkgs) {
    java.util.Map<String, String> requested = new java.util.LinkedHashMap<>();
    for (String p : pkgs) {
      var m = EXACT.matcher(p);
      if (!m.matches()) {
        return null;
      }
      requested.put(m.group(1), m.group(2));
    }
    return requested;
  }

  /** {@code yum downgrade name-version...}: back to the exact release the repository serves. */
  private static int downgrade(CommandContext ctx, List<String> pkgs, Optional<String> served) throws Exception {
    java.util.Map<String, String> requested = exact(pkgs);
    if (requested == null) {
      ctx.printErr("Error: the lab downgrades to exact versions only (name-version): " + pkgs + "\n");
      return 1;
    }
    PackageDowngrade.Plan plan = PackageDowngrade.plan(ctx.host().packages(), requested, served, false);
    StringBuilder out = new StringBuilder("Loaded plugins: fastestmirror\nSetting up Downgrade Process\n");
    if (!plan.problems().isEmpty()) {
      ctx.print(out.toString());
      ctx.printErr(String.join("\n", plan.problems()) + "\nError: Nothing to do\n");
      return 1;
    }
    plan.changes().forEach((name, fromTo) -> out.append("---> Package ").append(name).append(".x86_64 0:")
        .append(fromTo[1]).append(RELEASE).append(" will be a downgrade\n---> Package ").append(name)
        .append(".x86_64 0:").append(fromTo[0]).append(RELEASE).append(" will be erased\n"));
    PackageDowngrade.apply(ctx, plan);
    ctx.print(out.append(plan.changes().isEmpty() ? "Nothing to do\n" : "Complete!\n").toString());
    return 0;
  }

  /**
   * {@code yum install name-version...} (what a rollback to 4.0 sends): the exact release when the
   * repository serves it; an old {@code cloud-*} package while its 4.1+ replacement is installed is
   * obsoleted, and yum installs nothing for it (exit 0, as yum 3.2 does).
   */
  private static int installExact(CommandContext ctx, java.util.Map<String, String> requested, Optional<String> served,
      boolean yes) throws Exception {
    PackageDowngrade.Plan plan = PackageDowngrade.plan(ctx.host().packages(), requested, served, true);
    StringBuilder out = new StringBuilder("Loaded plugins: fastestmirror\nSetting up Install Process\n"
        + "Loading mirror speeds from cached hostfile\n");
    for (String p : plan.problems()) {
      out.append(p.startsWith("No package ") ? p.replaceFirst(" \\(.*", "") + ".\n" : p + "\n");
    }
    plan.obsoleted().forEach((name, by) -> out.append("Package ").append(nevra(name, requested.get(name)))
        .append(" is obsoleted by ").append(by).append(RELEASE).append(".x86_64 which is already installed\n"));
    plan.unchanged().forEach(name -> out.append("Package ").append(nevra(name, requested.get(name)))
        .append(" already installed and latest version\n"));
    if (plan.changes().isEmpty()) {
      ctx.print(out.toString());
      if (!plan.problems().isEmpty()) {
        ctx.printErr("Error: Nothing to do\n");
        return 1;
      }
      ctx.print("Nothing to do\n");
      return 0;
    }
    out.append("Resolving Dependencies\n--> Running transaction check\n");
    plan.changes().forEach((name, fromTo) -> out.append("---> Package ").append(name).append(".x86_64 0:")
        .append(fromTo[1]).append(RELEASE).append(fromTo[0] == null ? " will be installed\n" : " will be a downgrade\n"));
    out.append("--> Finished Dependency Resolution\n\nDependencies Resolved\n\nTransaction Summary\n")
        .append("=".repeat(80)).append("\nInstall       ").append(plan.changes().size()).append(" Package(s)\n\n");
    ctx.print(out.toString());
    if (!confirmed(ctx, yes)) {
      return 1;
    }
    PackageDowngrade.apply(ctx, plan);
    StringBuilder done = new StringBuilder("Downloading Packages:\nRunning rpm_check_debug\nRunning Transaction Test\n"
        + "Transaction Test Succeeded\nRunning Transaction\n");
    int n = 0;
    for (var c : plan.changes().entrySet()) {
      done.append(String.format(Locale.ROOT, "  Installing : %-50s %d/%d%n", nevra(c.getKey(), c.getValue()[1]), ++n,
          plan.changes().size()));
    }
    done.append("\nInstalled:\n");
    plan.changes().forEach((name, fromTo) -> done.append("  ").append(name).append(".x86_64 0:").append(fromTo[1])
        .append(RELEASE).append('\n'));
    ctx.print(done.append("\nComplete!\n").toString());
    return plan.problems().isEmpty() ? 0 : 1;
  }

  private int transact(CommandContext ctx, boolean install, List<String> pkgs, Optional<String> served, boolean yes)
      throws Exception {
    if (install && pkgs.isEmpty()) {
      ctx.printErr("Error: Need to pass a list of pkgs to install\n");
      return 1;
    }
    PackageTransaction t = PackageTransaction.plan(ctx.host().packages(), pkgs, served, install, true);
    StringBuilder out = new StringBuilder("Loaded plugins: fastestmirror\n");
    out.append(install ? "Setting up Install Process\n" : "Setting up Update Process\n");
    out.append("Loading mirror speeds from cached hostfile\n");
    if (t.isEmpty()) {
      if (install) {
        for (String n : t.notAvailable) {
          out.append("No package ").append(n).append(" available.\n");
        }
        for (String n : t.alreadyNewest) {
          out.append("Package ").append(nevra(n, ctx.host().packages().get(n))).append(" already installed and latest version\n");
        }
        ctx.print(out.toString());
        ctx.printErr(t.notAvailable.isEmpty() ? "" : "Error: Nothing to do\n");
        if (t.notAvailable.isEmpty()) {
          ctx.print("Nothing to do\n");
          return 0;
        }
        return 1;
      }
      out.append("No Packages marked for Update\n");
      ctx.print(out.toString());
      return 0;
    }
    out.append("Resolving Dependencies\n--> Running transaction check\n");
    t.updates.values().forEach(u -> out.append("---> Package ").append(u.name()).append(".x86_64 0:").append(u.from())
        .append(RELEASE).append(" will be updated\n---> Package ").append(u.name()).append(".x86_64 0:")
        .append(u.to()).append(RELEASE).append(" will be an update\n"));
    t.installs.values().forEach(i -> out.append("---> Package ").append(i.name()).append(".x86_64 0:")
        .append(i.to()).append(RELEASE).append(t.obsoletes.values().stream().anyMatch(o -> o.by().equals(i.name()))
            ? " will be obsoleting\n" : " will be installed\n"));
    t.obsoletes.values().forEach(o -> out.append("---> Package ").append(o.name()).append(".x86_64 0:")
        .append(o.version()).append(RELEASE).append(" will be obsoleted\n"));
    out.append("--> Finished Dependency Resolution\n\nDependencies Resolved\n\n");
    String rule = "=".repeat(80) + "\n";
    out.append(rule).append(String.format(Locale.ROOT, " %-30s %-8s %-16s %-12s %s%n", "Package", "Arch", "Version", "Repository", "Size"))
        .append(rule);
    if (!t.installs.isEmpty()) {
      out.append("Installing:\n");
      for (var i : t.installs.values()) {
        out.append(String.format(Locale.ROOT, " %-30s %-8s %-16s %-12s %s%n", i.name(), "x86_64", i.to() + RELEASE, "cloudstack", "38 M"));
        t.obsoletes.values().stream().filter(o -> o.by().equals(i.name()))
            .forEach(o -> out.append("     replacing  ").append(o.name()).append(".x86_64 ").append(o.version()).append(RELEASE).append('\n'));
      }
    }
    if (!t.updates.isEmpty()) {
      out.append("Updating:\n");
      for (var u : t.updates.values()) {
        out.append(String.format(Locale.ROOT, " %-30s %-8s %-16s %-12s %s%n", u.name(), "x86_64", u.to() + RELEASE, "cloudstack", "38 M"));
        t.obsoletes.values().stream().filter(o -> o.by().equals(u.name()))
            .forEach(o -> out.append("     replacing  ").append(o.name()).append(".x86_64 ").append(o.version()).append(RELEASE).append('\n'));
      }
    }
    out.append("\nTransaction Summary\n").append(rule);
    if (!t.installs.isEmpty()) {
      out.append("Install       ").append(t.installs.size()).append(" Package(s)\n");
    }
    if (!t.updates.isEmpty()) {
      out.append("Upgrade       ").append(t.updates.size()).append(" Package(s)\n");
    }
    out.append("\nTotal download size: ").append(38 * t.count()).append(" M\n");
    ctx.print(out.toString());
    if (!confirmed(ctx, yes)) {
      return 1;
    }
    ctx.stateChanged();
    t.apply(ctx.host());
    StringBuilder done = new StringBuilder("Downloading Packages:\nRunning rpm_check_debug\nRunning Transaction Test\n"
        + "Transaction Test Succeeded\nRunning Transaction\n");
    int total = t.count() + t.updates.size() + t.obsoletes.size();
    int n = 0;
    for (var i : t.installs.values()) {
      done.append(String.format(Locale.ROOT, "  Installing : %-50s %d/%d%n", nevra(i.name(), i.to()), ++n, total));
    }
    for (var u : t.updates.values()) {
      done.append(String.format(Locale.ROOT, "  Updating   : %-50s %d/%d%n", nevra(u.name(), u.to()), ++n, total));
    }
    for (var o : t.obsoletes.values()) {
      done.append(String.format(Locale.ROOT, "  Erasing    : %-50s %d/%d%n", nevra(o.name(), o.version()), ++n, total));
    }
    for (var u : t.updates.values()) {
      done.append(String.format(Locale.ROOT, "  Cleanup    : %-50s %d/%d%n", nevra(u.name(), u.from()), ++n, total));
    }
    if (!t.installs.isEmpty()) {
      done.append("\nInstalled:\n");
      t.installs.values().forEach(i -> done.append("  ").append(i.name()).append(".x86_64 0:").append(i.to()).append(RELEASE).append('\n'));
    }
    if (!t.updates.isEmpty()) {
      done.append("\nUpdated:\n");
      t.updates.values().forEach(u -> done.append("  ").append(u.name()).append(".x86_64 0:").append(u.to()).append(RELEASE).append('\n'));
    }
    if (!t.obsoletes.isEmpty()) {
      done.append("\nReplaced:\n");
      t.obsoletes.values().forEach(o -> done.append("  ").append(o.name()).append(".x86_64 0:").append(o.version()).append(RELEASE).append('\n'));
    }
    done.append("\nComplete!\n");
    ctx.print(done.toString());
    return 0;
  }

  /** With {@code -y} yes; else yum's question, answered from stdin (end of input is no). */
  private static boolean confirmed(CommandContext ctx, boolean yes) throws Exception {
    if (yes) {
      return true;
    }
    ctx.print("Is this ok [y/N]: ");
    String answer = ctx.readLine();
    if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
      ctx.print("Exiting on user Command\n");
      return false;
    }
    return true;
  }

  private int remove(CommandContext ctx, List<String> pkgs, boolean yes) throws Exception {
    List<String> present = pkgs.stream().filter(ctx.host().packages()::containsKey).toList();
    ctx.print("Loaded plugins: fastestmirror\nSetting up Remove Process\n");
    if (present.isEmpty()) {
      ctx.print("No Packages marked for removal\n");
      return 0;
    }
    if (!confirmed(ctx, yes)) {
      return 1;
    }
    ctx.stateChanged();
    StringBuilder out = new StringBuilder("\nRemoved:\n");
    for (String p : present) {
      String version = PackageRemoval.remove(ctx.host(), p, PackageRemoval.Changed.RPMSAVE);
      out.append("  ").append(p).append(".x86_64 0:").append(version).append(RELEASE).append('\n');
    }
    ctx.print(out.append("\nComplete!\n").toString());
    return 0;
  }
}
