package org.upgradeflow.clouddb;

import java.util.regex.Pattern;

/**
 * A complete, verified dump of one database: what a backup step keeps (as process variables)
 * and what the rollback path restores from. No secret in here.
 *
 * @param host     the database host (inventory name) holding the file
 * @param database {@code cloud} or {@code cloud_usage}
 * @param file     absolute path of the dump on the host
 * @param size     bytes, from {@code stat -c %s}
 * @param sha256   of the whole file, from {@code sha256sum} when the dump was taken
 * @param trailer  the dump's last line ({@code -- Dump completed on ...})
 */
public record BackupRecord(String host, String database, String file, long size, String sha256,
    String trailer) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public BackupRecord {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256 digest: " + sha256);
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size: " + size);
    }
  }
}
