package org.upgradeflow.lab.behaviour;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;

/**
 * {@code apt-get} (Ubuntu 12.04) for CloudStack packages. As on a real host, {@code update}
 * reads {@code /etc/apt/sources.list.d/cloudstack.list} into the package index and
 * {@code upgrade}/{@code install} work from the index: a changed sources list without
 * {@code apt-get update} upgrades nothing. {@code update} takes no package names (exit 100).
 * Without {@code -y} it asks {@code Do you want to continue [Y/n]?}; end of input aborts.
 * Upgrading or installing {@code cloudstack-agent} asks dpkg's conffile questions
 * ({@link DpkgConffiles}) unless {@code -o Dpkg::Options::=--force-confold} (or confnew/confdef)
 * answers them.
 */
final class AptGetCommand implements LabCommand {

  private final Releases releases;

  AptGetCommand(Releases releases) {
    this.releases = releases;
  }

  @Override
  public int run(CommandContext ctx) throws Exception {
    boolean yes = false;
    boolean onlyUpgrade = false;
    List<String> words = new ArrayList<>();
    List<String> dpkgOptions = new ArrayList<>();
    List<String> args = ctx.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-y") || a.equals("--yes") || a.equals("--assume-yes") || a.equals("-qy") || a.equals("-yq")) {
        yes = true;
      } else if (a.equals("--only-upgrade")) {
        onlyUpgrade = true;
      } else if (a.equals("-o")) {
        i++;
        if (i < args.size() && args.get(i).startsWith("Dpkg::Options::=")) {
          dpkgOptions.add(args.get(i).substring("Dpkg::Options::=".length()));
        }
      } else if (!a.startsWith("-")) {
        words.add(a);
      }
    }
    if (words.isEmpty()) {
      ctx.print("apt 0.8.16~exp12ubuntu10.16 for amd64 compiled on Nov 26 2013 16:24:08\n"
          + "Usage: apt-get [options] command\n");
      return 100;
    }
    String command = words.get(0);
    List<String> pkgs = words.subList(1, words.size());
    return switch (command) {
      case "update" -> update(ctx, pkgs);
      case "upgrade", "dist-upgrade" -> transact(ctx, pkgs, false, yes, DpkgConffiles.policy(dpkgOptions));
      case "install" -> pkgs.stream().anyMatch(p -> p.contains("=")) ? downgrade(ctx, pkgs)
          : transact(ctx, pkgs, !onlyUpgrade, yes, DpkgConffiles.policy(dpkgOptions));
      case "remove", "purge" -> remove(ctx, pkgs, yes, command.equals("purge"));
      case "clean", "autoclean", "check" -> {
        ctx.print(command.equals("check") ? "Reading package lists... Done\nBuilding dependency tree\nReading state information... Done\n" : "");
        yield 0;
      }
      default -> {
        ctx.printErr("E: Invalid operation " + command + "\n");
        yield 100;
      }
    };
  }

  private int update(CommandContext ctx, List<String> pkgs) throws Exception {
    if (!pkgs.isEmpty()) {
      ctx.printErr("E: The update command takes no arguments\n");
      return 100;
    }
    Path list = ctx.host().path(CloudStackPackaging.APT_LIST_FILE);
    Path index = ctx.host().path(CloudStackPackaging.APT_INDEX_FILE);
    StringBuilder out = new StringBuilder("Hit http://archive.ubuntu.com precise Release.gpg\n"
        + "Hit http://archive.ubuntu.com precise Release\n");
    Files.createDirectories(index.getParent());
    if (Files.isRegularFile(list)) {
      String content = Files.readString(list);
      Files.writeString(index, content);
      String[] deb = content.trim().split("\\s+");
      if (deb.length >= 4) {
        out.append("Get:1 ").append(deb[1]).append(" precise/").append(deb[3]).append(" amd64 Packages [2,104 B]\n");
      }
    } else {
      Files.deleteIfExists(index);
    }
    out.append("Fetched 2,104 B in 0s (10.2 kB/s)\nReading package lists...\n");
    ctx.stateChanged();
    ctx.print(out.toString());
    return 0;
  }

  /**
   * {@code apt-get install name=version...}: an exact release from what the last
   * {@code apt-get update} read: an older one for an installed package (a downgrade; precise's
   * apt needs {@code --force-yes} for it, which the lab does not check), or a missing package at
   * that release. A {@code cloud-*} package conflicts with its installed 4.1+ replacement: apt
   * removes the replacement first (its conffiles stay), as it resolves a conflict.
   */
  private int downgrade(CommandContext ctx, List<String> pkgs) throws Exception {
    java.util.Map<String, String> requested = new java.util.LinkedHashMap<>();
    for (String p : pkgs) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        ctx.printErr("E: the lab installs either names or name=version, not both: " + p + "\n");
        return 100;
      }
      requested.put(p.substring(0, eq), p.substring(eq + 1));
    }
    PackageDowngrade.Plan plan = PackageDowngrade.plan(ctx.host().packages(), requested, served(ctx), true);
    ctx.print("Reading package lists... Done\nBuilding dependency tree\nReading state information... Done\n");
    if (!plan.problems().isEmpty()) {
      ctx.printErr(plan.problems().stream().map(p -> "E: " + p).collect(java.util.stream.Collectors.joining("\n"))
          + "\n");
      return 100;
    }
    List<String> conflicting = plan.obsoleted().keySet().stream().map(CloudStackPackaging::replacement).distinct().toList();
    if (!conflicting.isEmpty()) {
      ctx.print("The following packages will be REMOVED:\n  " + String.join(" ", conflicting) + "\n");
      for (String c : conflicting) {
        ctx.print("Removing " + c + " ...\n");
        PackageRemoval.remove(ctx.host(), c, PackageRemoval.Changed.KEEP);
      }
      ctx.stateChanged();
      plan = PackageDowngrade.plan(ctx.host().packages(), requested, served(ctx), true);
    }
    List<String> installs = plan.installs();
    if (!installs.isEmpty()) {
      ctx.print("The following NEW packages will be installed:\n  " + String.join(" ", installs) + "\n");
    }
    StringBuilder out = new StringBuilder();
    plan.changes().forEach((name, fromTo) -> out.append(fromTo[0] == null
        ? "Setting up " + name + " (" + fromTo[1] + ") ...\n"
        : "dpkg: warning: downgrading " + name + " from " + fromTo[0] + " to " + fromTo[1] + "\n"));
    PackageDowngrade.apply(ctx, plan);
    ctx.print(out.toString());
    ctx.print(String.format(java.util.Locale.ROOT, "0 upgraded, %d newly installed, %d downgraded, %d to remove and 0 not"
        + " upgraded.%n", installs.size(), plan.changes().size() - installs.size(), conflicting.size()));
    return 0;
  }

  private Optional<String> served(CommandContext ctx) {
    return CloudStackPackaging.repositoryVersion(ctx.host(), CloudStackPackaging.APT_INDEX_FILE).flatMap(releases::served);
  }

  private int transact(CommandContext ctx, List<String> pkgs, boolean install, boolean yes,
      DpkgConffiles.Policy conffiles) throws Exception {
    if (install && pkgs.isEmpty()) {
      ctx.print("Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
          + "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
      return 0;
    }
    PackageTransaction t = PackageTransaction.plan(ctx.host().packages(), pkgs, served(ctx), install, false);
    StringBuilder out = new StringBuilder("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
    if (!t.notAvailable.isEmpty()) {
      ctx.print(out.toString());
      for (String n : t.notAvailable) {
        if (!install && !n.contains("*")) {
          ctx.print("Skipping " + n + ", it is not installed and only upgrades are requested.\n");
        }
      }
      if (install) {
        ctx.printErr("E: Unable to locate package " + t.notAvailable.get(0) + "\n");
        return 100;
      }
      out.setLength(0);
    }
    for (String n : t.alreadyNewest) {
      out.append(n).append(" is already the newest version.\n");
    }
    if (!t.obsoletes.isEmpty()) {
      out.append("The following packages will be REMOVED:\n  ").append(String.join(" ", t.obsoletes.keySet())).append('\n');
    }
    if (!t.installs.isEmpty()) {
      out.append("The following NEW packages will be installed:\n  ").append(String.join(" ", t.installs.keySet())).append('\n');
    }
    if (!t.updates.isEmpty()) {
      out.append("The following packages will be upgraded:\n  ").append(String.join(" ", t.updates.keySet())).append('\n');
    }
    out.append(String.format(Locale.ROOT, "%d upgraded, %d newly installed, %d to remove and 0 not upgraded.%n",
        t.updates.size(), t.installs.size(), t.obsoletes.size()));
    if (t.isEmpty()) {
      ctx.print(out.toString());
      return 0;
    }
    out.append("Need to get ").append(40 * t.count()).append(".0 MB of archives.\n")
        .append("After this operation, 1,024 kB of additional disk space will be used.\n");
    ctx.print(out.toString());
    if (!yes) {
      ctx.print("Do you want to continue [Y/n]? ");
      String answer = ctx.readLine();
      if (answer == null || !(answer.isBlank() || answer.trim().toLowerCase(Locale.ROOT).startsWith("y"))) {
        ctx.print("Abort.\n");
        return 1;
      }
    }
    boolean agent = t.installs.containsKey(DpkgConffiles.AGENT) || t.updates.containsKey(DpkgConffiles.AGENT);
    List<DpkgConffiles.Decision> decisions = List.of();
    if (agent) {
      decisions = DpkgConffiles.ask(ctx, conffiles);
      if (decisions == null) {
        return 100;
      }
    }
    ctx.stateChanged();
    t.apply(ctx.host());
    if (agent) {
      DpkgConffiles.install(ctx.host(), decisions);
    }
    StringBuilder done = new StringBuilder();
    int n = 0;
    for (var i : t.installs.values()) {
      done.append("Get:").append(++n).append(" http://cloudstack.lab/ubuntu/ precise/").append(i.to()).append(' ')
          .append(i.name()).append(" all ").append(i.to()).append(" [40.0 MB]\n");
    }
    for (var u : t.updates.values()) {
      done.append("Get:").append(++n).append(" http://cloudstack.lab/ubuntu/ precise/").append(u.to()).append(' ')
          .append(u.name()).append(" all ").append(u.to()).append(" [40.0 MB]\n");
    }
    for (var o : t.obsoletes.values()) {
      done.append("Removing ").append(o.name()).append(" ...\n");
    }
    for (var u : t.updates.values()) {
      done.append("Preparing to replace ").append(u.name()).append(' ').append(u.from()).append(" (using .../")
          .append(u.name()).append('_').append(u.to()).append("_all.deb) ...\nUnpacking replacement ").append(u.name()).append(" ...\n");
    }
    for (var i : t.installs.values()) {
      done.append("Setting up ").append(i.name()).append(" (").append(i.to()).append(") ...\n");
    }
    for (var u : t.updates.values()) {
      done.append("Setting up ").append(u.name()).append(" (").append(u.to()).append(") ...\n");
    }
    ctx.print(done.toString());
    return 0;
  }

  private int remove(CommandContext ctx, List<String> pkgs, boolean yes, boolean purge) throws Exception {
    List<String> present = pkgs.stream().filter(ctx.host().packages()::containsKey).toList();
    StringBuilder out = new StringBuilder("Reading package lists...\nBuilding dependency tree...\nReading state information...\n");
    pkgs.stream().filter(p -> !present.contains(p)).forEach(p -> out.append("Package ").append(p)
        .append(" is not installed, so not removed\n"));
    if (!present.isEmpty()) {
      out.append("The following packages will be REMOVED:\n  ").append(String.join(purge ? "* " : " ", present))
          .append(purge ? "*" : "").append('\n');
    }
    out.append(String.format(Locale.ROOT, "0 upgraded, 0 newly installed, %d to remove and 0 not upgraded.%n", present.size()));
    ctx.print(out.toString());
    if (present.isEmpty()) {
      return 0;
    }
    if (!yes) {
      ctx.print("Do you want to continue [Y/n]? ");
      String answer = ctx.readLine();
      if (answer == null || !(answer.isBlank() || answer.trim().toLowerCase(Locale.ROOT).startsWith("y"))) {
        ctx.print("Abort.\n");
        return 1;
      }
    }
    ctx.stateChanged();
    for (String p : present) {
      ctx.print("Removing " + p + " ...\n");
      PackageRemoval.remove(ctx.host(), p, purge ? PackageRemoval.Changed.DELETE : PackageRemoval.Changed.KEEP);
    }
    return 0;
  }
}
