package org.upgradeflow.usagemeter;

/** Variable names of the Usage Meter processes, in one place. */
final class UsageMeterVariables {
  static final String ENVIRONMENT_ID = "environmentId";
  static final String TARGET_VERSION = "targetVersion";
  static final String INSTALLED_VERSION = "installedVersion";
  static final String PATH_PROCESS_ID = "pathProcessId";
  static final String REFUSAL = "refusal";
  static final String APPLIANCE = "applianceHost";
  static final String SSH_REACHABLE = "sshReachable";
  static final String SSH_DETAIL = "sshDetail";
  static final String PREFLIGHT_SUMMARY = "preflightSummary";
  static final String ISO_FROM_CDROM = "isoFromCdrom";
  static final String ARTIFACT_SOURCE = "artifactSource";
  static final String ARTIFACT_DOWNLOAD = "artifactDownload";
  static final String ARTIFACTS_LOCAL = "artifactsLocal";
  static final String ARTIFACT_DIR = "artifactDirectory";
  static final String ARTIFACT_NAME = "artifactName";
  static final String ARTIFACT_SHA = "artifactChecksum";
  static final String ARTIFACT_EVIDENCE = "artifactEvidence";
  static final String SOURCE_SERIES = "sourceSeries";
  static final String SNAPSHOT_NAME = "snapshotName";
  static final String SNAPSHOT_TIME = "snapshotTime";
  static final String SSHD_ENABLED_BY_RUN = "sshdEnabledByRun";
  static final String ISO_SOURCE = "isoSource";
  /** why the last mount attempt went back to Gate_ConnectCdrom (no medium, another ISO) */
  static final String CDROM_PROBLEM = "cdromProblem";
  /** sha1sum of /dev/cdrom when it was not the verified ISO's */
  static final String CDROM_CHECKSUM = "cdromChecksum";
  /** the connect attempt whose sha1sum /dev/cdrom job is looked at (one job per attempt) */
  static final String CDROM_CHECK_ATTEMPT = "cdromCheckAttempt";
  /** When this connect attempt's sha1sum /dev/cdrom was first looked at (engine time). */
  static final String CDROM_CHECK_STARTED_AT = "cdromCheckStartedAt";
  /** When the current upload to the appliance was first looked at (engine time). */
  static final String UPLOAD_STARTED_AT = "artifactUploadStartedAt";
  /** false while the ISO is not mounted yet (the CD-ROM's checksum job runs): the timer polls again */
  static final String ISO_MOUNTED = "isoMounted";
  /** false while the upload to the appliance runs on the service's thread: the timer polls again */
  static final String UPLOADED = "artifactUploaded";
  /** what the upload did (or that it still runs) */
  static final String UPLOAD_DETAIL = "artifactUpload";
  static final String BOOT_ID_BEFORE = "bootIdBeforeUpgrade";
  static final String SCRIPT_STATE = "upgradeScriptState";
  static final String SCRIPT_STARTED_AT = "upgradeScriptStartedAt";
  static final String SCRIPT_TRANSCRIPT = "upgradeScriptTranscript";
  static final String SCRIPT_ANSWERS = "upgradeScriptAnswers";
  static final String SCRIPT_REBOOTED = "upgradeScriptRebooted";
  static final String SCRIPT_INTERRUPTION = "upgradeScriptInterruption";
  static final String WRONG_HOSTNAME = "wrongHostname";
  static final String EXPECTED_HOSTNAME = "expectedHostname";
  static final String FOUND_HOSTNAME = "foundHostname";
  static final String REBOOT_REQUESTED_AT = "rebootRequestedAt";
  static final String APPLIANCE_BACK = "applianceBack";
  static final String STATUS = "applianceStatus";
  static final String STATUS_WARNING = "statusWarning";
  static final String UPGRADED_VERSION = "upgradedVersion";
  static final String UPGRADE_LOG = "upgradeLogPath";
  static final String UPGRADE_LOG_TAIL = "upgradeLogTail";
  static final String SUMMARY = "runSummary";
  static final String RUN_OUTCOME = "runOutcome";

  /** script states the check step reports */
  static final String RUNNING = "running";
  static final String DONE = "done";

  /** BPMN error codes */
  static final String UNSUPPORTED = "UnsupportedSource";
  static final String ARTIFACTS_INVALID = "ArtifactsInvalid";
  static final String SCRIPT_FAILED = "UpgradeScriptFailed";
  /** upgrade-um.sh no longer runs, the appliance is not at the target: a half-done upgrade */
  static final String SCRIPT_INTERRUPTED = "UpgradeScriptInterrupted";
  static final String NO_MEDIUM = "NoMedium";

  private UsageMeterVariables() {
  }
}
