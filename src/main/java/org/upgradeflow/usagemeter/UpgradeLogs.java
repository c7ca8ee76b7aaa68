package org.upgradeflow.usagemeter;

import java.util.Comparator;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Where each procedure's upgrade log is: 4.5 {@code /opt/vmware/var/log/um-upgrade.log}, 4.7
 * {@code /opt/vmware/var/logs/um-upgrade.log}, 4.3 the newest
 * {@code /opt/vmware/cloudusagemetering/var/logs/inplaceupgradeum-<yyyyddmm>-<build>}.
 */
@Component
class UpgradeLogs {

  record Tail(String path, String text) {
  }

  private final Appliance appliance;
  private final UsageMeterProperties properties;

  UpgradeLogs(Appliance appliance, UsageMeterProperties properties) {
    this.appliance = appliance;
    this.properties = properties;
  }

  Tail newest(RemoteTarget target, String targetVersion) {
    String path = switch (targetVersion) {
      case "4.7" -> Appliance.LOG_47;
      case "4.5" -> Appliance.LOG_45;
      default -> appliance.list(target, Appliance.SHAR_LOG_DIR).stream()
          .filter(n -> n.startsWith("inplaceupgradeum-"))
          // yyyyddmm does not sort by date; the build number and the year do the most
          .max(Comparator.naturalOrder())
          .map(n -> Appliance.SHAR_LOG_DIR + "/" + n)
          .orElse(Appliance.SHAR_LOG_DIR + "/inplaceupgradeum-*");
    };
    return new Tail(path, UpgradeScript.tail(appliance.tail(target, path, properties.logTailLines()), UpgradeScript.LOG_TAIL_CHARS));
  }
}
