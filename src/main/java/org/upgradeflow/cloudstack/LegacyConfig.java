package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * The 4.0 configuration in {@code /etc/cloud} after a rollback's reinstall. Where the upgrade
 * left it depends on the packages: the 4.1+ debs remove {@code cloud-*} without purging, so
 * {@code /etc/cloud} stays as it was and the reinstall (with {@code --force-confold}) keeps it;
 * the 4.1+ RPMs' %pre moves {@code /etc/cloud} to {@code /etc/cloud.rpmsave} and their %post
 * renames the copied {@code db.properties} and {@code agent.properties} there to
 * {@code *.rpmsave}, so the reinstall finds an empty {@code /etc/cloud} and lays stock files
 * down. Then every file of the role's directories in {@code /etc/cloud.rpmsave} is written back
 * (over SFTP, backup copy of the stock file next to it) and {@code /etc/cloud.rpmsave} is moved
 * aside: a later upgrade's %pre would otherwise move {@code /etc/cloud} into it.
 */
@Component
class LegacyConfig {

  static final String DIR = Naming.LEGACY.configDir();
  static final String SAVED = DIR + ".rpmsave";

  private final RemoteShell shell;

  LegacyConfig(RemoteShell shell) {
    this.shell = shell;
  }

  /** The role's directories below {@code /etc/cloud}: the usage server reads the management server's files. */
  static List<String> directoriesOf(HostRole role) {
    return switch (role) {
      case MANAGEMENT_SERVER, USAGE_SERVER -> List.of("management", "usage");
      case KVM_HOST -> List.of("agent");
      default -> List.of();
    };
  }

  /**
   * @param runId names where {@code /etc/cloud.rpmsave} goes once restored
   * @return the files written back (empty when there was no {@code /etc/cloud.rpmsave}: nothing moved)
   */
  List<String> restore(RemoteTarget target, HostRole role, String runId) {
    if (!shell.exec(target, RollbackCommands.isDirectory(SAVED)).ok()) {
      return List.of();
    }
    List<String> written = new ArrayList<>();
    for (String sub : directoriesOf(role)) {
      String from = SAVED + "/" + sub;
      if (!shell.exec(target, RollbackCommands.isDirectory(from)).ok()) {
        continue;
      }
      Set<String> names = shell.exec(target, RollbackCommands.list(from)).requireSuccess().stdout().lines()
          .map(String::strip).filter(n -> !n.isEmpty()).collect(Collectors.toCollection(java.util.TreeSet::new));
      for (String name : names) {
        String file = from + "/" + name;
        if (!shell.exec(target, RollbackCommands.isFile(file)).ok()) {
          continue; // directories (Catalina/...) are the packages' own
        }
        String to = DIR + "/" + sub + "/" + originalName(name, names);
        if (shell.writeFile(target, to, shell.readFile(target, file)).changed()) {
          written.add(to);
        }
      }
    }
    shell.exec(target, RollbackCommands.moveAside(SAVED, SAVED + ".upgradeflow-rollback-" + runId)).requireSuccess();
    return written;
  }

  /** {@code db.properties.rpmsave} was {@code db.properties} unless that name is there too. */
  static String originalName(String name, Set<String> siblings) {
    String suffix = ".rpmsave";
    if (name.endsWith(suffix)) {
      String plain = name.substring(0, name.length() - suffix.length());
      if (!siblings.contains(plain)) {
        return plain;
      }
    }
    return name;
  }
}
