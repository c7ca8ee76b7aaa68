package org.upgradeflow.lab.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

  @Test
  void knownHostsAndClientKeyAreOpenSshFiles() throws Exception {
    assertThat(Files.readAllLines(fleet.knownHostsFile()))
        .containsExactly("[127.0.0.1]:" + host.port() + " " + org.apache.sshd.common.config.keys.PublicKeyEntry
            .toString(host.hostKey()))
        .allMatch(line -> line.matches("\\[127\\.0\\.0\\.1]:\\d+ ssh-ed25519 AAAA\\S+"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fleet.clientKeyFile())))
        .isEqualTo("rw-------");
    SshCli.Result pub = SshCli.exec(List.of("/usr/bin/ssh-keygen", "-y", "-f", fleet.clientKeyFile().toString()));
    assertThat(pub.exitCode()).isZero();
    assertThat(Files.readString(fleet.clientKeyFile().resolveSibling("id_ed25519.pub")))
        .startsWith(pub.stdout().trim());
  }

  @Test
  void shellOperatorsRedirectionsAndStderrOverSsh() throws Exception {
    SshCli.Result r = SshCli.run(fleet, host,
        "mkdir -p '/var/tmp/t' && cd '/var/tmp/t' && echo 'a' > 'f' 2>&1; cat 'f' 'missing' || echo 'fallback'");
    assertThat(r.stdout()).isEqualTo("a\nfallback\n");
    assertThat(r.stderr()).isEqualTo("cat: missing: No such file or directory\n");
    assertThat(r.exitCode()).isZero();
    assertThat(host.state().journal().commands()).hasSize(1);
  }

  @Test
  void detachedJobOutlivesTheSessionAndLeavesItsExitCode() throws Exception {
    CountDownLatch finish = new CountDownLatch(1);
    host.commands().register("long-task", ctx -> {
      ctx.print("started\n");
      finish.await();
      ctx.printErr("failed late\n");
      return 3;
    });
    String dir = "/var/tmp/upgradeflow/jobs/0f9c";
    SshCli.Result started = SshCli.run(fleet, host, "mkdir -p '" + dir + "' && setsid nohup sh -c 'long-task; echo $? > "
        + dir + "/exit' > '" + dir + "/log' 2>&1 < /dev/null & echo $!");
    assertThat(started.exitCode()).isZero();
    String pid = started.stdout().trim();
    assertThat(pid).matches("\\d+");
    // the session has ended while the job still runs
    assertThat(SshCli.run(fleet, host, "kill -0 " + pid).exitCode()).isZero();
    assertThat(SshCli.run(fleet, host, "test -f '" + dir + "/exit'").exitCode()).isEqualTo(1);
    finish.countDown();
    await().atMost(Duration.ofSeconds(60)).until(() -> SshCli.run(fleet, host, "kill -0 " + pid).exitCode() == 1);
    assertThat(SshCli.run(fleet, host, "cat '" + dir + "/exit'").stdout()).isEqualTo("3\n");
    assertThat(SshCli.run(fleet, host, "tail -n 1 '" + dir + "/log'").stdout()).isEqualTo("failed late\n");
  }

  @Test
  void rebootRefusesConnectionsWhileDownAndComesBackWithTheSameKeyAndPort() throws Exception {
    AtomicReference<CountDownLatch> holdBoot = new AtomicReference<>(new CountDownLatch(1));
    host.state().addBootHook(state -> {
      CountDownLatch hold = holdBoot.get();
      try {
        hold.await(120, TimeUnit.SECONDS); // the test decides when the boot may finish
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    host.state().services().put("cloudstack-management", new ServiceState(false, true));
    host.state().services().put("sshd", new ServiceState(true, false));
    int port = host.port();
    PublicKey key = host.hostKey();

    host.reboot(Duration.ofMillis(50));
    await().atMost(Duration.ofSeconds(60)).until(() -> !host.isUp());
    SshCli.Result down = SshCli.run(fleet, host, "hostname");
    assertThat(down.exitCode()).isEqualTo(255);
    assertThat(down.stderr()).contains("Connection refused");

    holdBoot.get().countDown();
    await().atMost(Duration.ofSeconds(60)).until(host::isUp);
    SshCli.Result up = SshCli.run(fleet, host, "hostname");
    assertThat(up.stderr()).isEmpty();
    assertThat(up.stdout()).isEqualTo("mgmt1\n");
    assertThat(host.port()).isEqualTo(port);
    assertThat(host.hostKey()).isEqualTo(key);
    assertThat(host.state().services().get("cloudstack-management").running()).isTrue();
    assertThat(host.state().services().get("sshd").running()).isFalse();
    holdBoot.set(new CountDownLatch(0));
  }

  @Test
  void unreachableHostRefusesConnectionsUntilReachableAgain() throws Exception {
    host.setReachable(false);
    assertThat(SshCli.run(fleet, host, "true").stderr()).contains("Connection refused");
    host.setReachable(true);
    assertThat(SshCli.run(fleet, host, "true").exitCode()).isZero();
  }
}
