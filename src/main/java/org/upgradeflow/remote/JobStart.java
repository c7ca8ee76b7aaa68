package org.upgradeflow.remote;

/**
 * Outcome of {@link RemoteShell#startJob}.
 *
 * @param started   false when a job with this id had been started before (nothing was started now)
 * @param directory the job's directory on the target (command, pid, output.log, exit)
 */
public record JobStart(String jobId, boolean started, String directory) {
}
