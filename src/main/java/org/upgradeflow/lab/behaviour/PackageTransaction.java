package org.upgradeflow.lab.behaviour;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;

/**
 * What one {@code yum}/{@code apt-get} run does to CloudStack packages, computed from the
 * installed packages and the release the repository serves, then applied to the host.
 *
 * <p>Rules (RPM and Debian packaging of 4.0–4.3): a package is upgraded when the repository
 * serves a newer release; a repository at or below the installed release upgrades nothing; from
 * 4.1 the {@code cloudstack-*} packages obsolete {@code cloud-*} (yum follows obsoletes on
 * update; apt only replaces when the new package is installed by name); a rename copies
 * {@code /etc/cloud/*} to {@code /etc/cloudstack/*} (files already there are kept) and installs
 * the new service (enabled as the old one was, not started; a running old daemon keeps running
 * until stopped).
 */
final class PackageTransaction {

  record Update(String name, String from, String to) {
  }

  record Install(String name, String to) {
  }

  record Obsolete(String name, String version, String by) {
  }

  final Map<String, Update> updates = new LinkedHashMap<>();
  final Map<String, Install> installs = new LinkedHashMap<>();
  final Map<String, Obsolete> obsoletes = new LinkedHashMap<>();
  final List<String> notAvailable = new ArrayList<>();
  final List<String> alreadyNewest = new ArrayList<>();

  boolean isEmpty() {
    return updates.isEmpty() && installs.isEmpty() && obsoletes.isEmpty();
  }

  int count() {
    return updates.size() + installs.size();
  }

  /**
   * @param requested      names or globs ({@code cloud-*}); empty: every installed package
   * @param install        {@code install} (new packages allowed) rather than {@code update}
   * @param followObsoletes yum: updating an obsoleted package installs its replacement
   */
  static PackageTransaction plan(Map<String, String> installed, List<String> requested,
      Optional<String> served, boolean install, boolean followObsoletes) {
    PackageTransaction t = new PackageTransaction();
    List<String> names = new ArrayList<>();
    if (requested.isEmpty()) {
      installed.keySet().stream().filter(CloudStackPackaging::isCloudStack).forEach(names::add);
    }
    for (String r : requested) {
      if (r.contains("*") || r.contains("?")) {
        Pattern glob = Pattern.compile(r.replace(".", "\\.").replace("*", ".*").replace("?", "."));
        installed.keySet().stream().filter(n -> glob.matcher(n).matches()).forEach(names::add);
      } else {
        names.add(r);
      }
    }
    for (String name : names) {
      String have = installed.get(name);
      if (served.isEmpty() || !CloudStackPackaging.isCloudStack(name)) {
        if (have == null) {
          t.notAvailable.add(name);
        } else {
          t.alreadyNewest.add(name);
        }
        continue;
      }
      String target = served.get();
      boolean newEra = Releases.newNames(target);
      boolean newName = name.startsWith("cloudstack-");
      if (newName && !newEra) {
        if (have == null) {
          t.notAvailable.add(name);
        } else {
          t.alreadyNewest.add(name);
        }
      } else if (newName) {
        List<String> replaced = installed.keySet().stream()
            .filter(n -> n.startsWith("cloud-") && CloudStackPackaging.replacement(n).equals(name)).toList();
        if (have != null) {
          t.updateTo(name, have, target);
        } else if (install || !replaced.isEmpty()) {
          t.installs.putIfAbsent(name, new Install(name, target));
          t.rename(installed, name, target);
        }
      } else if (!newEra) {
        if (have != null) {
          t.updateTo(name, have, target);
        } else if (install) {
          t.installs.putIfAbsent(name, new Install(name, target));
        }
      } else if (have != null && followObsoletes) {
        String by = CloudStackPackaging.replacement(name);
        if (installed.containsKey(by)) {
          t.updateTo(by, installed.get(by), target);
        } else {
          t.installs.putIfAbsent(by, new Install(by, target));
        }
        t.rename(installed, by, target);
      } else if (have != null) {
        t.alreadyNewest.add(name);
      } else {
        t.notAvailable.add(name);
      }
    }
    // cloudstack-common goes with every 4.1+ package at the same release
    boolean mainTouched = t.installs.keySet().stream().anyMatch(n -> n.startsWith("cloudstack-"))
        || t.updates.keySet().stream().anyMatch(n -> n.startsWith("cloudstack-"));
    if (mainTouched && served.isPresent() && Releases.newNames(served.get())) {
      String common = installed.get(CloudStackPackaging.COMMON);
      if (common == null) {
        t.installs.putIfAbsent(CloudStackPackaging.COMMON, new Install(CloudStackPackaging.COMMON, served.get()));
      } else {
        t.updateTo(CloudStackPackaging.COMMON, common, served.get());
      }
    }
    t.alreadyNewest.removeIf(n -> t.updates.containsKey(n) || t.obsoletes.containsKey(n));
    return t;
  }

  private void updateTo(String name, String have, String target) {
    if (Releases.compare(target, have) > 0) {
      updates.putIfAbsent(name, new Update(name, have, target));
    } else if (!updates.containsKey(name)) {
      alreadyNewest.add(name);
    }
  }

  /** Installing 4.1+ {@code main}: its old package and the old support packages are replaced. */
  private void rename(Map<String, String> installed, String main, String target) {
    for (var e : installed.entrySet()) {
      String old = e.getKey();
      if (!old.startsWith("cloud-")) {
        continue;
      }
      String by = CloudStackPackaging.replacement(old);
      if (by.equals(main) || by.equals(CloudStackPackaging.COMMON)) {
        obsoletes.putIfAbsent(old, new Obsolete(old, e.getValue(), by));
      }
    }
  }

  /** Changes the host: packages, and for a rename its configuration and services. */
  void apply(LabHostState host) throws IOException {
    Map<String, String> packages = host.packages();
    obsoletes.keySet().forEach(packages::remove);
    installs.values().forEach(i -> packages.put(i.name(), i.to()));
    updates.values().forEach(u -> packages.put(u.name(), u.to()));
    if (!obsoletes.isEmpty()) {
      copyTree(host.path("/etc/cloud"), host.path("/etc/cloudstack"));
      Files.createDirectories(host.path("/var/log/cloudstack"));
      for (String main : CloudStackPackaging.CLOUD_MAIN) {
        if (!installs.containsKey(main)) {
          continue;
        }
        String suffix = main.substring("cloudstack-".length());
        ServiceState old = host.services().get("cloud-" + suffix);
        boolean enabled = old == null || old.enabled();
        host.services().putIfAbsent(main, new ServiceState(false, enabled));
        if (old != null && !old.running()) {
          host.services().remove("cloud-" + suffix);
        }
        Files.createDirectories(host.path("/var/log/cloudstack/" + suffix));
      }
    }
    for (String pkg : packages.keySet()) {
      if (installs.containsKey(pkg) || updates.containsKey(pkg)) {
        PackageFiles.install(host, pkg);
      }
    }
    for (Install i : installs.values()) {
      String suffix = i.name().startsWith("cloudstack-") ? i.name().substring("cloudstack-".length()) : null;
      if (i.name().startsWith("cloud-")) {
        // a 4.0 package installed by name brings its init script, registered and stopped
        CloudStackPackaging.servicesOf(i.name()).forEach(n -> host.services().putIfAbsent(n, new ServiceState(false, true)));
      }
      if (CloudStackPackaging.CLOUD_MAIN.contains(i.name())) {
        host.services().putIfAbsent(i.name(), new ServiceState(false, true));
        Files.createDirectories(host.path("/etc/cloudstack/" + suffix));
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Path target = to.resolve(from.relativize(file).toString());
        if (!Files.exists(target)) {
          Files.copy(file, target);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
