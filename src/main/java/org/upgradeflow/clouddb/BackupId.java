package org.upgradeflow.clouddb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names one run's database backup in a process variable ({@code backupId}): when it was first
 * started (its files carry that stamp, see {@link BackupPlan}) and whether {@code cloud_usage}
 * is part of it. From this and the environment the backup's files are found again, by a
 * retried step as by the rollback. No secret in here.
 *
 * <p>Text form: {@code 20140301T120005Z/cloud} or {@code 20140301T120005Z/cloud+usage}.
 */
public record BackupId(Instant takenAt, boolean includesUsage) {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern TEXT = Pattern.compile("(\\d{8}T\\d{6}Z)/(cloud|cloud\\+usage)");

  public BackupId {
    if (takenAt == null) {
      throw new IllegalArgumentException("backupId: the time the backup was first started is missing");
    }
    // file names carry seconds; an id must name the same files after a round trip through text
    takenAt = takenAt.with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0);
  }

  public static BackupId parse(String text) {
    Matcher m = text == null ? null : TEXT.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("backupId: expected <yyyyMMddTHHmmssZ>/cloud or .../cloud+usage, got '"
          + text + "'");
    }
    try {
      return new BackupId(Instant.from(STAMP.parse(m.group(1))), m.group(2).endsWith("usage"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("backupId: '" + m.group(1) + "' is not a UTC time stamp");
    }
  }

  @Override
  public String toString() {
    return STAMP.format(takenAt) + "/" + (includesUsage ? "cloud+usage" : "cloud");
  }
}
