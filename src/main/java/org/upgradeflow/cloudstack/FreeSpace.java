package org.upgradeflow.cloudstack;

/** Reads {@code df -Pk} output: the "Available" column of the one filesystem line. */
final class FreeSpace {

  private FreeSpace() {
  }

  static long availableKilobytes(String dfOutput) {
    String[] lines = dfOutput.strip().split("\\R");
    if (lines.length < 2 || !lines[0].startsWith("Filesystem")) {
      throw new IllegalArgumentException("df -Pk: unexpected output '" + dfOutput.strip() + "'");
    }
    String[] columns = lines[lines.length - 1].trim().split("\\s+");
    if (columns.length < 6) {
      throw new IllegalArgumentException("df -Pk: unexpected line '" + lines[lines.length - 1] + "'");
    }
    return Long.parseLong(columns[3]);
  }
}
