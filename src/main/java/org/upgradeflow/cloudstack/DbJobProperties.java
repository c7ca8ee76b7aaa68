package org.upgradeflow.cloudstack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the long database-side jobs of a run are looked at ({@code upgradeflow.cloudstack.db-jobs.*}):
 * each poll is one short Camunda job fired by a timer, so no thread waits for an hour-long
 * backup or system VM restart.
 *
 * @param backupPoll   between looks at a running backup
 * @param restorePoll  between looks at a running restore (rollback)
 * @param systemVmPoll between looks at the log of {@code cloudstack-sysvmadm}
 * @param secretsDir   private directory (0700) on a management server for the password file
 *                     sysvmadm reads; the file is deleted when sysvmadm has finished
 */
@ConfigurationProperties("upgradeflow.cloudstack.db-jobs")
public record DbJobProperties(
    @DefaultValue("PT30S") Duration backupPoll,
    @DefaultValue("PT30S") Duration restorePoll,
    @DefaultValue("PT1M") Duration systemVmPoll,
    @DefaultValue("/var/tmp/upgradeflow/secrets") String secretsDir) {

  public DbJobProperties {
    requirePositive("backup-poll", backupPoll);
    requirePositive("restore-poll", restorePoll);
    requirePositive("system-vm-poll", systemVmPoll);
    if (secretsDir == null || !secretsDir.matches("/[A-Za-z0-9._/-]+") || secretsDir.contains("..")) {
      throw new IllegalArgumentException("upgradeflow.cloudstack.db-jobs.secrets-dir: expected an absolute path"
          + " of letters, digits, '.', '_', '-', '/', got '" + secretsDir + "'");
    }
  }

  public static DbJobProperties defaults() {
    return new DbJobProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(1),
        "/var/tmp/upgradeflow/secrets");
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("upgradeflow.cloudstack.db-jobs." + name
          + ": expected a positive duration such as PT30S, got " + value);
    }
  }
}
