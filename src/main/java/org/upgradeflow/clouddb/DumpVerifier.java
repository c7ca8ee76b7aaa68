package org.upgradeflow.clouddb;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a dump file is complete from its tail (the remote adapter reads the last few
 * hundred bytes): mysqldump writes {@code -- Dump completed on <date>} as its very last line only
 * after every table was written, so a dump cut short by a full disk, a killed process or a lost
 * connection lacks it.
 */
public final class DumpVerifier {

  public static final String TRAILER = "-- Dump completed";

  private static final Pattern SHA256SUM = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

  private DumpVerifier() {
  }

  /** The outcome, with a reason fit for evidence when incomplete. */
  public record Verification(boolean complete, String reason) {
  }

  public static Verification verifyTail(String tail) {
    if (tail == null || tail.isBlank()) {
      return new Verification(false, "the dump is empty");
    }
    String trimmed = tail.stripTrailing();
    String lastLine = trimmed.substring(trimmed.lastIndexOf('\n') + 1);
    if (lastLine.startsWith(TRAILER)) {
      return new Verification(true, lastLine);
    }
    return new Verification(false, "the dump does not end with '" + TRAILER
        + "' (cut short?); last line: " + abbreviate(lastLine));
  }

  /**
   * The checksum from a {@code sha256sum FILE} output line, if it is about that file.
   */
  public static Optional<String> sha256(String sha256sumOutput, String file) {
    if (sha256sumOutput == null) {
      return Optional.empty();
    }
    Matcher m = SHA256SUM.matcher(sha256sumOutput.strip());
    return m.matches() && m.group(2).equals(file) ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String abbreviate(String line) {
    return line.length() <= 120 ? line : line.substring(0, 120) + "…";
  }
}
