package org.upgradeflow.clouddb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The database backup before an upgrade: one dump per database ({@code cloud},
 * {@code cloud_usage}) into timestamped files under the backup directory on the database host.
 * Pure description; running it over SSH is the remote adapter's part.
 *
 * @param stamp      UTC timestamp in every file name, e.g. 20140301T120000Z
 * @param optionFile credentials file the dumps read ({@link MysqlOptionFile}); delete after use
 */
public record BackupPlan(String environmentId, String backupDir, String stamp,
    String optionFile, List<MysqldumpCommand> dumps) {

  private static final Pattern SAFE_DIR = Pattern.compile("/[A-Za-z0-9._/-]*");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public BackupPlan {
    dumps = List.copyOf(dumps);
  }

  /**
   * @param takenAt the time the backup step first ran; a retried step passes the same instant
   *                (from a process variable) so it finds its own files instead of starting new
   *                ones
   */
  public static BackupPlan create(CloudDbProperties properties, String environmentId,
      Instant takenAt) {
    return create(properties, environmentId, takenAt, true);
  }

  /** The backup named by {@code id}: {@code cloud}, and {@code cloud_usage} when it includes it. */
  public static BackupPlan create(CloudDbProperties properties, String environmentId, BackupId id) {
    return create(properties, environmentId, id.takenAt(), id.includesUsage());
  }

  private static BackupPlan create(CloudDbProperties properties, String environmentId,
      Instant takenAt, boolean withUsage) {
    String base = directory(properties);
    if (!SAFE_ID.matcher(environmentId).matches()) {
      throw new IllegalArgumentException("not an environment id: " + environmentId);
    }
    String stamp = STAMP.format(takenAt);
    String optionFile = base + "/." + environmentId + "-" + stamp + ".cnf";
    List<String> databases = withUsage
        ? List.of(properties.database(), properties.usageDatabase())
        : List.of(properties.database());
    List<MysqldumpCommand> dumps = databases.stream()
        .map(db -> new MysqldumpCommand(db, base + "/" + environmentId + "-" + db + "-" + stamp
            + ".sql", optionFile))
        .toList();
    return new BackupPlan(environmentId, base, stamp, optionFile, dumps);
  }

  /** The validated backup directory, without a trailing '/'. */
  static String directory(CloudDbProperties properties) {
    String dir = properties.backupDir();
    if (dir == null || !SAFE_DIR.matcher(dir).matches() || dir.contains("..")) {
      throw new IllegalArgumentException("backup dir must be an absolute path of letters,"
          + " digits, '.', '_', '-' and '/': " + dir);
    }
    return dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }
}
