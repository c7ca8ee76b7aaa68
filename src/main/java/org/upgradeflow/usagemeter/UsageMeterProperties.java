package org.upgradeflow.usagemeter;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Usage Meter upgrade settings ({@code upgradeflow.usage-meter.*}). Every duration comes from
 * here so that the lab and the tests can use seconds.
 *
 * @param artifacts      directory with the upgrade files when the environment names none
 * @param trustStore     PEM/DER file of CA certificates the signing certificate must chain to;
 *                       null checks the certificate's own validity only
 * @param pollInterval   how often the running upgrade, the reboot and SSH are looked at
 * @param scriptTimeout  the longest upgrade-um.sh / shar run before the run fails
 * @param rebootTimeout  the longest the appliance may stay away after a reboot
 * @param promptQuiet    idle output after an unanswered prompt-like line that counts as a prompt
 * @param answerReboot   the answer to 4.7's "Reboot now? (y/n)": y lets the script reboot,
 *                       n makes the service reboot the appliance itself
 * @param logTailLines   lines of upgrade logs kept as evidence
 */
@ConfigurationProperties("upgradeflow.usage-meter")
public record UsageMeterProperties(
    Path artifacts,
    Path trustStore,
    Duration pollInterval,
    Duration scriptTimeout,
    Duration rebootTimeout,
    Duration promptQuiet,
    String answerReboot,
    Integer logTailLines) {

  public UsageMeterProperties {
    pollInterval = pollInterval != null ? pollInterval : Duration.ofSeconds(15);
    scriptTimeout = scriptTimeout != null ? scriptTimeout : Duration.ofHours(2);
    rebootTimeout = rebootTimeout != null ? rebootTimeout : Duration.ofMinutes(30);
    promptQuiet = promptQuiet != null ? promptQuiet : Duration.ofSeconds(5);
    answerReboot = answerReboot != null ? answerReboot : "y";
    logTailLines = logTailLines != null ? logTailLines : 40;
    if (!answerReboot.equals("y") && !answerReboot.equals("n")) {
      throw new IllegalArgumentException("upgradeflow.usage-meter.answer-reboot: expected y or n, got '"
          + answerReboot + "'");
    }
  }
}
