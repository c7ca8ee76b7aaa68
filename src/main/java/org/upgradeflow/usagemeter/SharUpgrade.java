package org.upgradeflow.usagemeter;

import java.nio.file.Path;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/**
 * The 4.3 procedure: {@code ums-system-upgrade.shar} copied into the install directory (digest
 * verified on the appliance; on a service thread, see {@link ApplianceUploads}), then {@code cd /opt/vmware/cloudusagemetering && bash
 * ums-system-upgrade.shar} as a detached job polled by short jobs. It asks nothing.
 */
@Component
class SharUpgrade {

  static final String TARGET = "4.3";
  private static final ShellCommand RUN = ShellCommand.of("cd {} && bash {}", ShellArg.path(Appliance.INSTALL_DIR),
      ShellArg.word(Appliance.SHAR_FILE));

  private final Appliance appliance;
  private final UsageMeterProperties properties;
  private final ApplianceUploads uploads;

  SharUpgrade(Appliance appliance, UsageMeterProperties properties, ApplianceUploads uploads) {
    this.appliance = appliance;
    this.properties = properties;
    this.uploads = uploads;
  }

  /** Starts or looks at the upload; DONE without uploading when the appliance is at 4.3 already (the shar ran). */
  ApplianceUploads.Status upload(String owner, String environmentId, RemoteTarget target, Path shar, String sha256) {
    if (UpgradeScript.atLeast(appliance.installedVersion(target), TARGET)) {
      return new ApplianceUploads.Status(ApplianceUploads.State.DONE, "not uploaded: " + target.name() + " is at "
          + TARGET + " already");
    }
    return uploads.poll(owner, environmentId, target, shar, Appliance.SHAR_PATH, Checksum.SHA256, sha256);
  }

  static String jobId(String runKey) {
    return runKey + "-shar";
  }

  /** Starts the shar once (a job id is started at most once per host), never on a 4.3 appliance. */
  String start(String runKey, RemoteTarget target) {
    if (UpgradeScript.atLeast(appliance.installedVersion(target), TARGET)) {
      return "already_upgraded";
    }
    return appliance.shell().startJob(target, jobId(runKey), RUN).started() ? "started" : "started_before";
  }

  /** @return the job's output tail when finished; null while it runs */
  String check(String runKey, RemoteTarget target) {
    JobStatus s = appliance.shell().jobStatus(target, jobId(runKey), properties.logTailLines());
    switch (s.state()) {
      case RUNNING:
        return null;
      case FINISHED:
        if (s.succeeded()) {
          return s.logTail();
        }
        throw new UpgradeScript.FailedException(Appliance.SHAR_FILE + " on " + target.name() + " exited with "
            + s.exitCode(), s.logTail());
      default:
        // NOT_FOUND (never started: the appliance was at 4.3) or LOST (killed, rebooted under it)
        String installed = appliance.installedVersion(target);
        if (UpgradeScript.atLeast(installed, TARGET)) {
          return s.logTail() == null ? "" : s.logTail();
        }
        throw new UpgradeScript.FailedException(Appliance.SHAR_FILE + " on " + target.name() + " is " + s.state()
            + " and the appliance is at " + installed, s.logTail());
    }
  }
}
