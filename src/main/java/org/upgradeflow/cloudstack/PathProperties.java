package org.upgradeflow.cloudstack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.upgradeflow.engine.JobRetryCycle;

/**
 * Timings of the CloudStack paths ({@code upgradeflow.cloudstack.paths.*}), ISO-8601 durations.
 *
 * @param pollInterval          between two looks at a long wait (database upgrade on first start)
 * @param databaseUpgradeTimeout how long the first management server may take for the database upgrade
 * @param managementApiTimeout   how long the management server may take after its (re)start until its
 *                              integration API answers, before sysvmadm; past it Gate_ResolveFailure
 * @param rollbackPackageTimeout how long a rollback's package run (yum / apt-get on one host) may run
 *                              before the rollback stops with an incident naming the host and packages
 * @param repositoryCheckTimeout pre-flight: how long one host's fetch of the target repository's metadata
 *                              may take ({@code curl --max-time}, whole seconds)
 * @param hostUpTimeout        how long a KVM host's {@code host} row may take to show {@code Up} after its
 *                              agent started; past it the host failed ("host not back")
 * @param retryCycle            Camunda retry cycle of every path service task, e.g. R3/PT30S; when
 *                              spent, an incident stops the run in Cockpit
 */
@ConfigurationProperties("upgradeflow.cloudstack.paths")
public record PathProperties(Duration pollInterval, Duration databaseUpgradeTimeout, String retryCycle,
    Duration managementApiTimeout, Duration rollbackPackageTimeout, Duration repositoryCheckTimeout,
    Duration hostUpTimeout) {

  public PathProperties {
    repositoryCheckTimeout = repositoryCheckTimeout == null ? Duration.ofSeconds(20) : repositoryCheckTimeout;
    if (repositoryCheckTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("upgradeflow.cloudstack.paths.repository-check-timeout: expected at least PT1S, got "
          + repositoryCheckTimeout);
    }
    hostUpTimeout = hostUpTimeout == null ? Duration.ofMinutes(10) : hostUpTimeout;
    rollbackPackageTimeout = rollbackPackageTimeout == null ? Duration.ofMinutes(30) : rollbackPackageTimeout;
    managementApiTimeout = managementApiTimeout == null ? Duration.ofMinutes(15) : managementApiTimeout;
    pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
    databaseUpgradeTimeout = databaseUpgradeTimeout == null ? Duration.ofHours(2) : databaseUpgradeTimeout;
    retryCycle = JobRetryCycle.of("upgradeflow.cloudstack.paths.retry-cycle", retryCycle);
  }
}
