package org.upgradeflow.remote;

/**
 * Outcome of an upload.
 *
 * @param skipped true when the remote file already had this size and digest
 * @param digest  lower-case hex digest, verified on the target
 */
public record UploadResult(String path, boolean skipped, long size, Checksum checksum, String digest) {
}
