package org.upgradeflow.lab.host;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * How long the lab's simulated software takes, in real-world time ({@code upgradeflow.lab.timings.*};
 * a bare number is seconds, {@code 2m} or {@code PT2M} also work). The host's {@link LabTime}
 * scales each one, so the defaults can stay what the real software takes.
 *
 * @param reboot                a host's down time on {@code reboot}, {@code shutdown -r}, {@code init 6}
 * @param databaseUpgrade       per version hop of the database upgrade the first management server
 *                              start after a package upgrade performs
 * @param systemVmRestart       per system VM {@code cloudstack-sysvmadm} stops and starts
 * @param managementStartUp     from {@code service cloudstack-management start|restart} until the
 *                              server answers its API (8080, and 8096 when open); a real 4.3
 *                              server needs a minute or two
 * @param agentConnect          from a KVM agent's start until its {@code host} row is {@code Up}
 * @param usageMeterSharUpgrade the 4.3 {@code ums-system-upgrade.shar}
 * @param usageMeterIsoUpgrade  {@code upgrade-um.sh} after the snapshot answer
 * @param usageMeterReboot      the appliance's down time on the reboot {@code upgrade-um.sh} starts
 * @param templateDownload      a 4.3 system VM template download put into {@code DOWNLOAD_IN_PROGRESS},
 *                              until its row is {@code DOWNLOADED}; 0 (default): downloads move
 *                              only through the lab API
 */
public record LabTimings(
    @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration reboot,
    @DefaultValue("60") @DurationUnit(ChronoUnit.SECONDS) Duration databaseUpgrade,
    @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration systemVmRestart,
    @DefaultValue("120") @DurationUnit(ChronoUnit.SECONDS) Duration managementStartUp,
    @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) Duration agentConnect,
    @DefaultValue("300") @DurationUnit(ChronoUnit.SECONDS) Duration usageMeterSharUpgrade,
    @DefaultValue("600") @DurationUnit(ChronoUnit.SECONDS) Duration usageMeterIsoUpgrade,
    @DefaultValue("90") @DurationUnit(ChronoUnit.SECONDS) Duration usageMeterReboot,
    @DefaultValue("0") @DurationUnit(ChronoUnit.SECONDS) Duration templateDownload) {

  public static final LabTimings DEFAULTS = new LabTimings(Duration.ofSeconds(60), Duration.ofSeconds(60),
      Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofMinutes(5),
      Duration.ofMinutes(10), Duration.ofSeconds(90), Duration.ZERO);

  public LabTimings {
    check("reboot", reboot);
    check("database-upgrade", databaseUpgrade);
    check("system-vm-restart", systemVmRestart);
    check("management-start-up", managementStartUp);
    check("agent-connect", agentConnect);
    check("usage-meter-shar-upgrade", usageMeterSharUpgrade);
    check("usage-meter-iso-upgrade", usageMeterIsoUpgrade);
    check("usage-meter-reboot", usageMeterReboot);
    check("template-download", templateDownload);
  }

  /** The same with another database upgrade time per version hop. */
  public LabTimings withDatabaseUpgrade(Duration d) {
    return new LabTimings(reboot, d, systemVmRestart, managementStartUp, agentConnect, usageMeterSharUpgrade,
        usageMeterIsoUpgrade, usageMeterReboot, templateDownload);
  }

  /** The same with another restart time per system VM. */
  public LabTimings withSystemVmRestart(Duration d) {
    return new LabTimings(reboot, databaseUpgrade, d, managementStartUp, agentConnect, usageMeterSharUpgrade,
        usageMeterIsoUpgrade, usageMeterReboot, templateDownload);
  }

  /** The same with another start-up time (e.g. a server that never comes up: days). */
  public LabTimings withManagementStartUp(Duration d) {
    return new LabTimings(reboot, databaseUpgrade, systemVmRestart, d, agentConnect, usageMeterSharUpgrade,
        usageMeterIsoUpgrade, usageMeterReboot, templateDownload);
  }

  /** The same with another agent connect time. */
  public LabTimings withAgentConnect(Duration d) {
    return new LabTimings(reboot, databaseUpgrade, systemVmRestart, managementStartUp, d, usageMeterSharUpgrade,
        usageMeterIsoUpgrade, usageMeterReboot, templateDownload);
  }

  private static void check(String name, Duration d) {
    Objects.requireNonNull(d, "upgradeflow.lab.timings." + name + " must be set");
    if (d.isNegative()) {
      throw new IllegalArgumentException("upgradeflow.lab.timings." + name + " must be >= 0, got " + d);
    }
  }
}
