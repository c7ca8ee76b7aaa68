package org.upgradeflow.lab.behaviour;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;

/**
 * Packages at an exact release ({@code yum downgrade name-version}, {@code yum install
 * name-version}, {@code apt-get install name=version}): only a release the repository serves;
 * an installed package goes back to it (a downgrade; service state and configuration files stay,
 * as with the real package managers), a missing one is installed at it (its init script comes
 * with it: the service is registered, enabled and stopped, as the 4.0 packages' %post
 * {@code chkconfig --add} leaves it). A package already at the version is left alone.
 *
 * <p>A {@code cloud-*} package whose 4.1+ replacement is installed cannot come back while the
 * replacement is there: the 4.1+ packages obsolete (RPM) or conflict with (deb) the old ones.
 */
final class PackageDowngrade {

  /**
   * What to do, or what is wrong with the request. {@code changes}: name to {from, to}, from null
   * for a new install. {@code obsoleted}: old packages whose replacement is installed.
   */
  record Plan(Map<String, String[]> changes, List<String> unchanged, List<String> problems, Map<String, String> obsoleted) {

    List<String> installs() {
      return changes.entrySet().stream().filter(e -> e.getValue()[0] == null).map(Map.Entry::getKey).toList();
    }
  }

  private PackageDowngrade() {
  }

  /**
   * @param requested package name to exact version
   * @param install   missing packages are installed (install), not refused (downgrade)
   */
  static Plan plan(Map<String, String> installed, Map<String, String> requested, Optional<String> served, boolean install) {
    Map<String, String[]> changes = new LinkedHashMap<>();
    List<String> unchanged = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, String> obsoleted = new LinkedHashMap<>();
    requested.forEach((name, version) -> {
      String have = installed.get(name);
      String replacement = name.startsWith("cloud-") ? CloudStackPackaging.replacement(name) : null;
      if (have == null && !install) {
        problems.add("Package " + name + " not installed");
      } else if (served.isEmpty() || !served.get().equals(version)) {
        problems.add("No package " + name + "-" + version + " available (the repository serves "
            + served.orElse("nothing") + ")");
      } else if (have == null && replacement != null && installed.containsKey(replacement)) {
        obsoleted.put(name, replacement + "-" + installed.get(replacement));
      } else if (version.equals(have)) {
        unchanged.add(name);
      } else if (have != null && Releases.compare(version, have) > 0) {
        problems.add("Package " + name + "-" + version + " is newer than the installed " + have);
      } else {
        changes.put(name, new String[] {have, version});
      }
    });
    return new Plan(changes, unchanged, problems, obsoleted);
  }

  static void apply(CommandContext ctx, Plan plan) throws IOException {
    LabHostState host = ctx.host();
    for (var change : plan.changes().entrySet()) {
      String name = change.getKey();
      host.packages().put(name, change.getValue()[1]);
      if (change.getValue()[0] == null) {
        CloudStackPackaging.servicesOf(name).forEach(s -> host.services().putIfAbsent(s, new ServiceState(false, true)));
        PackageFiles.install(host, name);
      }
    }
    if (!plan.changes().isEmpty()) {
      ctx.stateChanged();
    }
  }
}
