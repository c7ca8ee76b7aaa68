package org.upgradeflow.lab.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.environment.OsFamily;

/** The OpenSSH client against a lab host: key login, host key verification, exec semantics. */
class LabHostSshTest {

  @TempDir
  static Path labDir;
  static LabHostFleet fleet;
  static LabHost host;

  @BeforeAll
  static void startHost() {
    fleet = new LabHostFleet(labDir);
    host = fleet.start(LabHostSpec.builder("mgmt1", OsFamily.RHEL).time(new LabTime(0.01)).build());
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @BeforeEach
  void reset() {
    host.reset();
  }

  @Test
  void logsInWithTheLabKeyAndVerifiesTheHostKey() throws Exception {
    SshCli.Result r = SshCli.run(fleet, host, "hostname");
    assertThat(r.stderr()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("mgmt1\n");
  }

  @Test
  void unknownCommandIsNotFoundWith127() throws Exception {
    SshCli.Result r = SshCli.run(fleet, host, "frobnicate 'x'");
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.stderr()).isEqualTo("bash: frobnicate: command not found\n");
  }

  @Test
  void injectionStringStaysOneLiteralWord() throws Exception {
    SshCli.Result r = SshCli.run(fleet, host, "printf '%s' 'x'\\''; rm -rf / #'");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("x'; rm -rf / #");
    assertThat(host.state().journal().entries()).isEmpty();
  }
}
