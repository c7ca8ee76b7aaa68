package org.upgradeflow.clouddb;

import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/**
 * The fixed shell templates of backups and restores on the database host. Every value goes in
 * through a typed {@link ShellArg} and is first assigned to a shell variable, so the constant
 * part of each template reads as one script. No value is a secret: credentials reach the clients
 * through the option file only (see {@link MysqlOptionFile}).
 */
final class BackupScripts {

  /** Marks where the dump's tail starts in the output of {@link #inspect}. */
  static final String TAIL_MARK = "--upgradeflow-dump-tail--";
  /** Bytes of the dump's end read to find the trailer (a trailer line is ~45 bytes). */
  static final int TAIL_BYTES = 512;

  // Args: directory, option file. A private directory (dumps hold the whole cloud database) and
  // no stale option file, so writing it never leaves a backup copy of older credentials.
  private static final String PREPARE =
      "dir={}; opt={}; umask 077; mkdir -p -- \"$dir\" && chmod 700 -- \"$dir\" && rm -f -- \"$opt\"";

  // Arg: option file. Prints the mode so the caller can check it.
  private static final String PROTECT = "opt={}; chmod 600 -- \"$opt\" && stat -c %a -- \"$opt\"";

  private static final String REMOVE = "rm -f -- {}";

  // Args: client, option file, database, partial file, final file, checksum file.
  // The dump goes to a partial file; only a dump that exited 0 and ends with the trailer gets
  // its checksum recorded and is renamed to the final name, so the final name never holds a dump
  // cut short by this job.
  private static final String DUMP =
      "bin={}; opt={}; db={}; part={}; final={}; sum={}; umask 077; "
          + "rm -f -- \"$part\" \"$sum\" || exit 1; "
          + "\"$bin\" --defaults-extra-file=\"$opt\" --single-transaction --routines --triggers"
          + " --result-file=\"$part\" \"$db\" || exit $?; "
          + "tail -c " + TAIL_BYTES + " -- \"$part\" | grep -q '^" + DumpVerifier.TRAILER + "' || "
          + "{ echo \"upgradeflow: $part does not end with '" + DumpVerifier.TRAILER
          + "'\" >&2; exit 70; }; "
          + "sha256sum < \"$part\" > \"$sum.tmp\" || exit 71; "
          + "mv -f -- \"$sum.tmp\" \"$sum\" && mv -f -- \"$part\" \"$final\" || exit 72; "
          + "echo \"upgradeflow: dumped $db to $final\"";

  // Args: dump file, checksum file. Size, recorded checksum and the last bytes of the dump.
  private static final String INSPECT =
      "f={}; s={}; if [ ! -f \"$f\" ]; then echo state=missing; exit 0; fi; "
          + "echo state=present; echo \"size=$(stat -c %s -- \"$f\")\"; "
          + "echo \"sha256=$(cat -- \"$s\" 2>/dev/null)\"; echo " + TAIL_MARK + "; "
          + "tail -c " + TAIL_BYTES + " -- \"$f\"";

  // Args: client, option file, database, dump file, expected sha256, DROP/CREATE statement.
  // The dump is checked against the checksum recorded when it was taken before anything is
  // dropped; then the database is recreated empty (tables an upgrade added must not survive)
  // and loaded.
  private static final String RESTORE =
      "bin={}; opt={}; db={}; file={}; sha={}; recreate={}; "
          + "printf '%s  %s\\n' \"$sha\" \"$file\" | sha256sum -c --status - || "
          + "{ echo \"upgradeflow: $file does not have the recorded sha256 $sha; nothing restored\" >&2;"
          + " exit 73; }; "
          + "\"$bin\" --defaults-extra-file=\"$opt\" -e \"$recreate\" || exit $?; "
          + "\"$bin\" --defaults-extra-file=\"$opt\" \"$db\" < \"$file\" || exit $?; "
          + "echo \"upgradeflow: restored $db from $file\"";

  private BackupScripts() {
  }

  static ShellCommand prepare(String directory, String optionFile) {
    return ShellCommand.of(PREPARE, ShellArg.path(directory), ShellArg.path(optionFile));
  }

  static ShellCommand protect(String optionFile) {
    return ShellCommand.of(PROTECT, ShellArg.path(optionFile));
  }

  static ShellCommand remove(String file) {
    return ShellCommand.of(REMOVE, ShellArg.path(file));
  }

  static ShellCommand dump(String client, MysqldumpCommand dump) {
    return ShellCommand.of(DUMP, ShellArg.path(client), ShellArg.path(dump.optionFile()),
        ShellArg.word(dump.database()), ShellArg.path(partialFile(dump.targetFile())),
        ShellArg.path(dump.targetFile()), ShellArg.path(checksumFile(dump.targetFile())));
  }

  static ShellCommand inspect(String dumpFile) {
    return ShellCommand.of(INSPECT, ShellArg.path(dumpFile), ShellArg.path(checksumFile(dumpFile)));
  }

  static ShellCommand restore(String client, String optionFile, String database, String dumpFile,
      String sha256) {
    if (!CloudDbProperties.DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("not a database name: " + database);
    }
    // DDL takes no bind parameters; the name is held to [A-Za-z0-9_] and quoted as identifier
    String recreate = "DROP DATABASE IF EXISTS `" + database + "`; CREATE DATABASE `" + database + "`";
    return ShellCommand.of(RESTORE, ShellArg.path(client), ShellArg.path(optionFile),
        ShellArg.word(database), ShellArg.path(dumpFile), ShellArg.word(sha256),
        ShellArg.text(recreate));
  }

  static String partialFile(String dumpFile) {
    return dumpFile + ".part";
  }

  static String checksumFile(String dumpFile) {
    return dumpFile + ".sha256";
  }
}
