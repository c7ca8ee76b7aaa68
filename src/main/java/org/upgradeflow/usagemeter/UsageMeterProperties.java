package org.upgradeflow.usagemeter;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.upgradeflow.engine.JobRetryCycle;

/**
 * Usage Meter upgrade settings ({@code upgradeflow.usage-meter.*}). Every duration comes from
 * here so that the lab and the tests can use seconds.
 *
 * @param artifacts       directory or http(s) URL with the upgrade files when the environment
 *                        names none
 * @param downloadCache   where files from an artifact URL are kept (one folder per URL); a file
 *                        there with the size the server reports is not downloaded again
 * @param downloadTimeout the longest a download of the upgrade files may take before the run is
 *                        refused
 * @param httpTimeout     connecting to the artifact server and waiting for its response headers
 * @param trustStore      PEM/DER file of CA certificates the signing certificate must chain to;
 *                        null checks the certificate's own validity only
 * @param pollInterval    how often the running upgrade, the reboot, SSH and a download are looked at
 * @param scriptTimeout   the longest upgrade-um.sh / shar run before the run fails
 * @param transferTimeout the longest an upload to the appliance or a {@code sha1sum /dev/cdrom}
 *                        may run: past it the upload fails its job (then an incident) and the
 *                        CD-ROM check goes back to Gate_ConnectCdrom
 * @param rebootTimeout   the longest the appliance may stay away after a reboot
 * @param promptQuiet     idle output after an unanswered prompt-like line that counts as a prompt
 * @param answerReboot    the answer to 4.7's "Reboot now? (y/n)": y lets the script reboot,
 *                        n makes the service reboot the appliance itself
 * @param logTailLines    lines of upgrade logs kept as evidence
 * @param retryCycle      Camunda retry cycle of every Usage Meter async job (R3/PT30S when unset;
 *                        application.yaml sets the engine's failed-job-retry-time-cycle)
 */
@ConfigurationProperties("upgradeflow.usage-meter")
public record UsageMeterProperties(
    String artifacts,
    Path downloadCache,
    Duration downloadTimeout,
    Duration httpTimeout,
    Path trustStore,
    Duration pollInterval,
    Duration scriptTimeout,
    Duration rebootTimeout,
    Duration promptQuiet,
    String answerReboot,
    Integer logTailLines,
    String retryCycle,
    Duration transferTimeout) {

  public UsageMeterProperties {
    artifacts = artifacts == null || artifacts.isBlank() ? null : artifacts.strip();
    downloadCache = downloadCache != null ? downloadCache : Path.of("data", "usage-meter-downloads");
    downloadTimeout = downloadTimeout != null ? downloadTimeout : Duration.ofHours(2);
    httpTimeout = httpTimeout != null ? httpTimeout : Duration.ofSeconds(30);
    pollInterval = pollInterval != null ? pollInterval : Duration.ofSeconds(15);
    scriptTimeout = scriptTimeout != null ? scriptTimeout : Duration.ofHours(2);
    transferTimeout = transferTimeout != null ? transferTimeout : Duration.ofHours(1);
    rebootTimeout = rebootTimeout != null ? rebootTimeout : Duration.ofMinutes(30);
    promptQuiet = promptQuiet != null ? promptQuiet : Duration.ofSeconds(5);
    answerReboot = answerReboot != null ? answerReboot : "y";
    logTailLines = logTailLines != null ? logTailLines : 40;
    retryCycle = JobRetryCycle.of("upgradeflow.usage-meter.retry-cycle", retryCycle);
    if (!answerReboot.equals("y") && !answerReboot.equals("n")) {
      throw new IllegalArgumentException("upgradeflow.usage-meter.answer-reboot: expected y or n, got '"
          + answerReboot + "'");
    }
  }
}
