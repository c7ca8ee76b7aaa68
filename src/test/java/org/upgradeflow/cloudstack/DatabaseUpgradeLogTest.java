package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseUpgradeLogTest {

  static final String EARLIER_START = """
      2014-01-02 10:00:00,000 INFO  [c.c.u.DatabaseUpgradeChecker] DB version = 4.2.0 Code Version = 4.2.1
      2014-01-02 10:00:01,000 INFO  [c.c.u.DatabaseUpgradeChecker] Upgrade completed for version 4.2.1
      """;

  @Test
  void followsAnUpgradeFromStartToCompletion() {
    String running = EARLIER_START + """
        2014-03-01 12:00:00,000 INFO  [c.c.u.DatabaseUpgradeChecker] DB version = 4.2.1 Code Version = 4.3.0
        2014-03-01 12:00:00,100 INFO  [c.c.u.DatabaseUpgradeChecker] Database upgrade must be performed from 4.2.1 to 4.3.0
        2014-03-01 12:00:00,200 INFO  [c.c.u.DatabaseUpgradeChecker] Running upgrade Upgrade421to430 to upgrade from 4.2.1-4.3.0 to 4.3.0
        """;
    assertThat(DatabaseUpgradeLog.read(running, "4.3.0").state()).isEqualTo(DatabaseUpgradeLog.State.RUNNING);
    DatabaseUpgradeLog.Status done = DatabaseUpgradeLog.read(running
        + "2014-03-01 12:03:00,000 INFO  [c.c.u.DatabaseUpgradeChecker] Upgrade completed for version 4.3.0\n", "4.3.0");
    assertThat(done.state()).isEqualTo(DatabaseUpgradeLog.State.COMPLETED);
    assertThat(done.hops()).containsExactly("Upgrade421to430");
  }

  @Test
  void aMissingTemplateIsAFailureWithItsLines() {
    DatabaseUpgradeLog.Status status = DatabaseUpgradeLog.read("""
        INFO DB version = 4.2.1 Code Version = 4.3.0
        INFO Running upgrade Upgrade421to430 to upgrade from 4.2.1-4.3.0 to 4.3.0
        ERROR 4.3.0 VMware SystemVm template not found. Cannot upgrade system Vms
        ERROR Unable to upgrade the database
        """, "4.3.0");
    assertThat(status.state()).isEqualTo(DatabaseUpgradeLog.State.FAILED);
    assertThat(status.failure()).containsExactly("ERROR 4.3.0 VMware SystemVm template not found. Cannot upgrade system Vms",
        "ERROR Unable to upgrade the database");
  }

  @Test
  void nothingToDoAndNotStartedAreTold() {
    assertThat(DatabaseUpgradeLog.read("INFO DB version = 4.3.0 Code Version = 4.3.0\n"
        + "INFO DB version and code version matches so no upgrade needed.\n", "4.3.0").state())
        .isEqualTo(DatabaseUpgradeLog.State.NOT_NEEDED);
    assertThat(DatabaseUpgradeLog.read(EARLIER_START.lines().findFirst().orElseThrow(), "4.3.0").state())
        .isEqualTo(DatabaseUpgradeLog.State.RUNNING);
    assertThat(DatabaseUpgradeLog.read("", "4.3.0").state()).isEqualTo(DatabaseUpgradeLog.State.NOT_STARTED);
  }
}
