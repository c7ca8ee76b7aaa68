package org.upgradeflow.remote;

/**
 * Outcome of an edit of a remote file.
 *
 * @param changed false when the change left the content as it was (nothing written)
 * @param backup  the copy of the previous content next to the file, or null
 */
public record FileEdit(String path, boolean changed, String backup) {
}
