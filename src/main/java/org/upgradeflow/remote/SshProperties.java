package org.upgradeflow.remote;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SSH settings under {@code upgradeflow.ssh}. Every duration comes from here so that the lab
 * and the tests can use seconds.
 *
 * @param connectTimeout  TCP connect plus key exchange and authentication
 * @param commandTimeout  default limit of one {@code exec}; long work belongs in detached jobs
 * @param keepAlive       interval of SSH keep-alive requests on the shared connection
 * @param stepLogDir      where the full output of every command is kept
 * @param maxOutputBytes  output kept in memory per stream (head and tail halves)
 * @param jobRoot         directory on targets holding one directory per detached job
 * @param rebootPoll      how often {@code awaitReboot} probes the host
 */
@ConfigurationProperties("upgradeflow.ssh")
public record SshProperties(
    Duration connectTimeout,
    Duration commandTimeout,
    Duration keepAlive,
    Path stepLogDir,
    Integer maxOutputBytes,
    String jobRoot,
    Duration rebootPoll) {

  public SshProperties {
    connectTimeout = connectTimeout != null ? connectTimeout : Duration.ofSeconds(20);
    commandTimeout = commandTimeout != null ? commandTimeout : Duration.ofSeconds(50);
    keepAlive = keepAlive != null ? keepAlive : Duration.ofSeconds(15);
    stepLogDir = stepLogDir != null ? stepLogDir : Path.of("data", "step-logs");
    maxOutputBytes = maxOutputBytes != null ? maxOutputBytes : 64 * 1024;
    jobRoot = jobRoot != null ? jobRoot : "/var/tmp/upgradeflow/jobs";
    rebootPoll = rebootPoll != null ? rebootPoll : Duration.ofSeconds(5);
    ShellArg.path(jobRoot); // fail at start-up, not at the first job
    if (maxOutputBytes < 1024) {
      throw new IllegalArgumentException("upgradeflow.ssh.max-output-bytes must be >= 1024");
    }
  }

  /** All defaults. */
  public static SshProperties defaults() {
    return new SshProperties(null, null, null, null, null, null, null);
  }
}
