package org.upgradeflow.clouddb;

import java.util.List;

/**
 * Dump of one database to one file, and the matching restore, as argument vectors. The SSH
 * adapter quotes them for the remote shell, starts the dump detached and verifies the file
 * with {@link DumpVerifier}. Credentials come from {@code optionFile} ({@link MysqlOptionFile}).
 *
 * @param database   {@code cloud} or {@code cloud_usage}
 * @param targetFile absolute path of the dump on the database host
 * @param optionFile absolute path of the credentials file on the database host
 */
public record MysqldumpCommand(String database, String targetFile, String optionFile) {

  /**
   * {@code mysqldump --defaults-extra-file=F --single-transaction --routines --triggers
   * --result-file=T DB}: a consistent InnoDB snapshot without locking CloudStack out, written by
   * mysqldump itself (no shell redirect to get wrong), and without {@code --databases} so the
   * dump can be restored into a database of any name.
   */
  public List<String> dumpArgv() {
    // --defaults-extra-file must be the first option or the client ignores it
    return List.of("mysqldump", "--defaults-extra-file=" + optionFile, "--single-transaction",
        "--routines", "--triggers", "--result-file=" + targetFile, database);
  }

  /**
   * {@code mysql --defaults-extra-file=F DB}, fed {@link #restoreInputFile()} on stdin. For a
   * rollback after a failed upgrade the database should be dropped and created empty first:
   * the dump drops and recreates the tables it contains, but tables the upgrade added would
   * otherwise stay.
   */
  public List<String> restoreArgv() {
    return List.of("mysql", "--defaults-extra-file=" + optionFile, database);
  }

  public String restoreInputFile() {
    return targetFile;
  }

  /** The line a complete dump ends with; see {@link DumpVerifier}. */
  public String trailer() {
    return DumpVerifier.TRAILER;
  }
}
