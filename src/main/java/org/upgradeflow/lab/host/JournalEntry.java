package org.upgradeflow.lab.host;

import java.time.Instant;

/**
 * One state-changing command on a lab host.
 *
 * @param command the command line as the client sent it, after {@link JournalMasker} masking
 *                (for a background job: the job's own text)
 * @param source  {@code exec}, {@code background} or {@code sftp}
 */
public record JournalEntry(Instant time, String command, int exitCode, String source) {
}
