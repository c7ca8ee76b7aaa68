package org.upgradeflow.lab.behaviour;

import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.host.LabHostFleet;
import org.upgradeflow.lab.usagemeter.UsageMeterBehaviours;

/**
 * Registers the OS behaviours of the estates on a fleet: package managers and package queries
 * per OS family, service control, killall/pkill, reboot. Unknown programs stay exit 127.
 */
public final class LabBehaviours {

  private LabBehaviours() {
  }

  public static void register(LabHostFleet fleet, Releases releases) {
    fleet.commands()
        .register("reboot", ServiceCommands::reboot)
        .register("shutdown", ServiceCommands::reboot)
        .register("init", ServiceCommands::reboot)
        .register("killall", ServiceCommands::kill)
        .register("pkill", ServiceCommands::kill)
        .register("service", ServiceCommands::service);
    for (OsFamily os : new OsFamily[] {OsFamily.RHEL, OsFamily.XENSERVER}) {
      fleet.commands(os)
          .register("rpm", PackageQueryCommands::rpm)
          .register("chkconfig", ServiceCommands::chkconfig);
    }
    fleet.commands(OsFamily.RHEL).register("yum", new YumCommand(releases));
    fleet.commands(OsFamily.UBUNTU)
        .register("apt-get", new AptGetCommand(releases))
        .register("dpkg-query", PackageQueryCommands::dpkgQuery)
        .register("dpkg", PackageQueryCommands::dpkg);
    fleet.commands(OsFamily.PHOTON).register("systemctl", ServiceCommands::systemctl)
        .register("rpm", PackageQueryCommands::rpm);
    UsageMeterBehaviours.register(fleet.commands(OsFamily.PHOTON));
  }
}
