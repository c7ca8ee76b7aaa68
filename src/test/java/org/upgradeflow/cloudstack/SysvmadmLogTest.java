package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lines are those the real script prints (facts sheet), trailing spaces included. */
class SysvmadmLogTest {

  @Test
  void countsVmsAndGroupsAsTheScriptReportsThem() {
    SysvmadmLog.Progress halfway = SysvmadmLog.read("""
        Stopping and starting 1 secondary storage vm(s)...
        Done stopping and starting secondary storage vm(s)
        Stopping and starting 2 console proxy vm(s)...
        """);
    assertThat(halfway.vmsTotal()).isEqualTo(3);
    assertThat(halfway.vmsDone()).isEqualTo(1);
    assertThat(halfway.finished()).isFalse();

    SysvmadmLog.Progress done = SysvmadmLog.read("""
        Stopping and starting 1 secondary storage vm(s)...
        Done stopping and starting secondary storage vm(s)
        Stopping and starting 2 console proxy vm(s)...
        Done stopping and starting console proxy vm(s) .
        Stopping and starting 4 running routing vm(s)...\s
        Done restarting router(s).\s
        """);
    assertThat(done.vmsTotal()).isEqualTo(7);
    assertThat(done.vmsDone()).isEqualTo(7);
    assertThat(done.finished()).isTrue();
    assertThat(done.failures()).isEmpty();
  }

  @Test
  void groupsWithoutVmsCountAsFinished() {
    SysvmadmLog.Progress progress = SysvmadmLog.read("""
        No running secondary storage vms found\s
        Stopping and starting 1 console proxy vm(s)...
        Done stopping and starting console proxy vm(s) .
        Stopping and starting 0 running routing vm(s)...\s
        Done restarting router(s).\s
        """);
    assertThat(progress.finished()).isTrue();
    assertThat(progress.vmsTotal()).isEqualTo(1);
  }

  @Test
  void reportsEveryErrorLineWithItsVmId() {
    SysvmadmLog.Progress progress = SysvmadmLog.read("""
        Stopping and starting 1 secondary storage vm(s)...
        ERROR: Failed to stop secondary storage vm with id 12\s
        Done stopping and starting secondary storage vm(s)
        Stopping and starting 2 running routing vm(s)...\s
        ERROR: Failed to restart domainRouter with id 31\s
        """);
    assertThat(progress.failures()).extracting(SysvmadmLog.Failure::vmId).containsExactly("12", "31");
    assertThat(progress.failures().get(1).line()).isEqualTo("ERROR: Failed to restart domainRouter with id 31");
  }
}
