package org.upgradeflow.lab.behaviour;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.upgradeflow.lab.command.CommandContext;

/**
 * Going back to an older release by exact version ({@code yum downgrade name-version},
 * {@code apt-get install name=version}): only a release the repository serves, only packages
 * that are installed; a package already at the version is left alone. Service state and
 * configuration files stay as they are, as with the real package managers.
 */
final class PackageDowngrade {

  /** What to do, or what is wrong with the request. */
  record Plan(Map<String, String[]> changes, List<String> unchanged, List<String> problems) {
  }

  private PackageDowngrade() {
  }

  /** @param requested package name to exact version */
  static Plan plan(Map<String, String> installed, Map<String, String> requested, Optional<String> served) {
    Map<String, String[]> changes = new LinkedHashMap<>();
    List<String> unchanged = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    requested.forEach((name, version) -> {
      String have = installed.get(name);
      if (have == null) {
        problems.add("Package " + name + " not installed");
      } else if (served.isEmpty() || !served.get().equals(version)) {
        problems.add("No package " + name + "-" + version + " available (the repository serves "
            + served.orElse("nothing") + ")");
      } else if (have.equals(version)) {
        unchanged.add(name);
      } else if (Releases.compare(version, have) > 0) {
        problems.add("Package " + name + "-" + version + " is newer than the installed " + have);
      } else {
        changes.put(name, new String[] {have, version});
      }
    });
    return new Plan(changes, unchanged, problems);
  }

  static void apply(CommandContext ctx, Plan plan) {
    plan.changes().forEach((name, fromTo) -> ctx.host().packages().put(name, fromTo[1]));
    if (!plan.changes().isEmpty()) {
      ctx.stateChanged();
    }
  }
}
