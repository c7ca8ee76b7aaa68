package org.upgradeflow.lab.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.host.JournalEntry;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostFleet;
import org.upgradeflow.lab.host.LabHostSpec;
import org.upgradeflow.lab.host.LabTime;

/** The lab shell and the generic built-ins, driven directly (no SSH in between). */
class ShellInterpreterTest {

  @TempDir
  static Path labDir;
  static LabHostFleet fleet;
  static LabHost rhel;
  static LabHost ubuntu;

  record Run(int exitCode, String out, String err) {
  }

  @BeforeAll
  static void start() {
    fleet = new LabHostFleet(labDir);
    rhel = fleet.start(LabHostSpec.builder("mgmt1", OsFamily.RHEL).time(new LabTime(0.001))
        .file("/etc/yum.repos.d/cloudstack.repo", "[cloudstack]\nbaseurl=http://repo/rhel/4.2/\n")
        .disk(1000, 250).build());
    ubuntu = fleet.start(LabHostSpec.builder("kvm1", OsFamily.UBUNTU).build());
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @BeforeEach
  void reset() {
    rhel.reset();
    ubuntu.reset();
  }

  static Run run(LabHost host, String line) throws InterruptedException {
    return run(host, line, "");
  }

  static Run run(LabHost host, String line, String stdin) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new ShellInterpreter(host.state(), host.commands())
        .exec(line, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void andOrAndSemicolonFollowExitCodes() throws Exception {
    assertThat(run(rhel, "true && echo 'a' || echo 'b'").out()).isEqualTo("a\n");
    assertThat(run(rhel, "false && echo 'a' || echo 'b'").out()).isEqualTo("b\n");
    assertThat(run(rhel, "false; echo $?; true; echo $?").out()).isEqualTo("1\n0\n");
    Run r = run(rhel, "false || false");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(run(rhel, "false && echo 'not run'").exitCode()).isEqualTo(1);
    assertThat(run(rhel, "! false").exitCode()).isZero();
  }

  @Test
  void unknownProgramsAre127InTheShellsOwnWords() throws Exception {
    Run bash = run(rhel, "nosuch 'x'");
    assertThat(bash.exitCode()).isEqualTo(127);
    assertThat(bash.err()).isEqualTo("bash: nosuch: command not found\n");
    Run dash = run(ubuntu, "sh -c 'nosuch'");
    assertThat(dash.exitCode()).isEqualTo(127);
    assertThat(dash.err()).isEqualTo("sh: 1: nosuch: not found\n");
  }

  @Test
  void unparsableLinesAreSyntaxErrorsWithExit2() throws Exception {
    Run r = run(rhel, "echo 'unterminated");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("syntax error");
    assertThat(run(rhel, "echo `id`").exitCode()).isEqualTo(2);
    assertThat(run(rhel, "while true; do echo; done").exitCode()).isEqualTo(2);
    assertThat(run(rhel, "echo $((1 + 1))").exitCode()).isEqualTo(2);
  }

  @Test
  void redirectionWritesFilesThatCatReads() throws Exception {
    assertThat(run(rhel, "echo 'one' > '/tmp/f' && echo 'two' >> '/tmp/f'").exitCode()).isZero();
    assertThat(run(rhel, "cat '/tmp/f'").out()).isEqualTo("one\ntwo\n");
    assertThat(run(rhel, "cat '/tmp/missing' > '/tmp/out' 2>&1; cat '/tmp/out'").out())
        .isEqualTo("cat: /tmp/missing: No such file or directory\n");
    Run noDir = run(rhel, "echo 'x' > '/nodir/f'");
    assertThat(noDir.exitCode()).isEqualTo(1);
    assertThat(noDir.err()).contains("/nodir/f: No such file or directory");
    assertThat(run(rhel, "cat < '/tmp/f'").out()).isEqualTo("one\ntwo\n");
  }

  @Test
  void cdChangesTheWorkingDirectoryForTheRestOfTheLine() throws Exception {
    assertThat(run(rhel, "pwd").out()).isEqualTo("/root\n");
    assertThat(run(rhel, "mkdir -p '/opt/x/y' && cd '/opt/x' && cd 'y' && pwd && echo 'hi' > 'f' && cat '/opt/x/y/f'")
        .out()).isEqualTo("/opt/x/y\nhi\n");
    Run r = run(rhel, "cd '/nowhere' && echo 'not run'");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void shDashCRunsAStringWithPositionalParametersAndExit() throws Exception {
    assertThat(run(rhel, "sh -c 'echo \"$0:$1\"; exit 3' 'name' 'arg'")).isEqualTo(new Run(3, "name:arg\n", ""));
    assertThat(run(rhel, "bash -c 'cd /tmp && pwd'; pwd").out()).isEqualTo("/tmp\n/root\n");
  }

  @Test
  void pipesFeedOneStageIntoTheNext() throws Exception {
    run(rhel, "printf '%s\\n' 'a' 'b' 'c' > '/tmp/l'");
    assertThat(run(rhel, "cat '/tmp/l' | tail -n 2").out()).isEqualTo("b\nc\n");
    assertThat(run(rhel, "cat '/tmp/l' | head -n 1 | wc -c").out()).isEqualTo("2\n");
  }

  @Test
  void digestsMatchJavaAndCoreutilsFormat() throws Exception {
    run(rhel, "printf '%s' 'payload' > '/tmp/p'");
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest("payload".getBytes(StandardCharsets.UTF_8)));
    assertThat(run(rhel, "sha256sum '/tmp/p'").out()).isEqualTo(expected + "  /tmp/p\n");
    assertThat(run(rhel, "cat '/tmp/p' | sha256sum").out()).isEqualTo(expected + "  -\n");
    String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest("payload".getBytes(StandardCharsets.UTF_8)));
    run(rhel, "printf '%s  %s\\n' '" + sha1 + "' '/tmp/p' > '/tmp/p.sha1'");
    assertThat(run(rhel, "sha1sum -c '/tmp/p.sha1'")).isEqualTo(new Run(0, "/tmp/p: OK\n", ""));
    run(rhel, "echo 'changed' > '/tmp/p'");
    Run bad = run(rhel, "sha1sum -c '/tmp/p.sha1'");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.out()).isEqualTo("/tmp/p: FAILED\n");
  }

  @Test
  void fileCommandsBehaveLikeCoreutils() throws Exception {
    assertThat(run(rhel, "mkdir '/a/b'").err()).isEqualTo("mkdir: cannot create directory '/a/b': No such file or directory\n");
    assertThat(run(rhel, "mkdir -p '/a/b' && cp '/etc/yum.repos.d/cloudstack.repo' '/a/b' && mv '/a/b/cloudstack.repo' '/a/r'"
        + " && ls '/a' && stat -c '%s' '/a/r'").out()).isEqualTo("b\nr\n43\n");
    assertThat(run(rhel, "test -f '/a/r' && [ -d '/a/b' ] && [ ! -e '/a/x' ]").exitCode()).isZero();
    assertThat(run(rhel, "rm '/a'").err()).isEqualTo("rm: cannot remove '/a': Is a directory\n");
    assertThat(run(rhel, "rm -rf '/a' && test -e '/a'").exitCode()).isEqualTo(1);
    assertThat(run(rhel, "rm -rf '/'").exitCode()).isEqualTo(1);
    assertThat(rhel.state().path("/etc/hostname")).exists();
  }

  @Test
  void dfReportsTheConfiguredDisk() throws Exception {
    assertThat(run(rhel, "df -P -k '/var'").out()).isEqualTo(
        "Filesystem     1024-blocks      Used Available Capacity Mounted on\n"
            + "/dev/mapper/VolGroup-lv_root        1000       750       250      75% /\n");
  }

  @Test
  void identityCommands() throws Exception {
    assertThat(run(rhel, "hostname; id -u; uname; uname -n").out()).isEqualTo("mgmt1\n0\nLinux\nmgmt1\n");
    assertThat(run(rhel, "echo -n 'a'; printf '%s-%s\\n' 'x' 'y' 'z'").out()).isEqualTo("ax-y\nz-\n");
  }

  @Test
  void journalRecordsStateChangesOnlyWithTheLineAsSent() throws Exception {
    run(rhel, "cat '/etc/hostname'; ls '/etc'; sha256sum '/etc/hostname'; df -P; test -f '/x'");
    run(rhel, "mkdir -p '/etc'"); // exists already: nothing changes
    assertThat(rhel.state().journal().entries()).isEmpty();
    run(rhel, "mkdir -p '/var/tmp/upgradeflow' && false");
    run(rhel, "echo 'x' > '/tmp/y'");
    assertThat(rhel.state().journal().entries()).extracting(JournalEntry::command, JournalEntry::exitCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("mkdir -p '/var/tmp/upgradeflow' && false", 1),
            org.assertj.core.groups.Tuple.tuple("echo 'x' > '/tmp/y'", 0));
  }

  @Test
  void journalMaskerRewritesRecordedLines() throws Exception {
    rhel.state().journal().setMasker(line -> line.replace("s3cret", "******"));
    try {
      run(rhel, "echo 's3cret' > '/tmp/pw'");
      assertThat(rhel.state().journal().commands()).containsExactly("echo '******' > '/tmp/pw'");
    } finally {
      rhel.state().journal().setMasker(null);
    }
  }

  @Test
  void resetRestoresFilesPackagesServicesAndEmptiesTheJournal() throws Exception {
    rhel.state().packages().put("cloudstack-management", "4.2.1");
    rhel.state().services().put("cloudstack-management", new org.upgradeflow.lab.host.ServiceState(true, true));
    rhel.state().snapshot();
    run(rhel, "rm -f '/etc/yum.repos.d/cloudstack.repo' && mkdir -p '/new/dir' && echo 'x' > '/new/dir/f'");
    rhel.state().packages().put("cloudstack-management", "4.3.0");
    rhel.state().services().put("cloudstack-management", new org.upgradeflow.lab.host.ServiceState(false, true));
    assertThat(rhel.state().journal().entries()).hasSize(1);

    rhel.reset();

    assertThat(Files.readString(rhel.state().path("/etc/yum.repos.d/cloudstack.repo")))
        .isEqualTo("[cloudstack]\nbaseurl=http://repo/rhel/4.2/\n");
    assertThat(rhel.state().path("/new")).doesNotExist();
    assertThat(rhel.state().packages()).containsEntry("cloudstack-management", "4.2.1");
    assertThat(rhel.state().services().get("cloudstack-management").running()).isTrue();
    assertThat(rhel.state().journal().entries()).isEmpty();
  }

  @Test
  void backgroundJobGetsAPidAndWritesItsExitCode() throws Exception {
    Run start = run(rhel, "mkdir '/var/tmp/upgradeflow/jobs/j1' 2>/dev/null || mkdir -p '/var/tmp/upgradeflow/jobs/j1'"
        + " && setsid nohup sh -c 'sleep 1; echo working; cat /nonexistent; echo $? > /var/tmp/upgradeflow/jobs/j1/exit'"
        + " > '/var/tmp/upgradeflow/jobs/j1/log' 2>&1 < /dev/null & echo $!");
    assertThat(start.exitCode()).isZero();
    String pid = start.out().trim();
    assertThat(pid).matches("\\d+");
    await().atMost(Duration.ofSeconds(60)).until(() -> run(rhel, "kill -0 " + pid).exitCode() == 1);
    assertThat(run(rhel, "cat '/var/tmp/upgradeflow/jobs/j1/exit'").out()).isEqualTo("1\n");
    assertThat(run(rhel, "cat '/var/tmp/upgradeflow/jobs/j1/log'").out())
        .isEqualTo("working\ncat: /nonexistent: No such file or directory\n");
    assertThat(run(rhel, "kill -0 " + pid).err()).isEqualTo("bash: kill: (" + pid + ") - No such process\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> rhel.state().journal().entries().size() == 1);
    assertThat(rhel.state().journal().entries().get(0).source()).isEqualTo("background");
  }

  @Test
  void killEndsABackgroundJob() throws Exception {
    String pid = run(rhel, "sleep 100000 & echo $!").out().trim();
    assertThat(run(rhel, "kill -0 " + pid).exitCode()).isZero();
    assertThat(run(rhel, "kill " + pid).exitCode()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> run(rhel, "kill -0 " + pid).exitCode() == 1);
  }

  @Test
  void scriptsOnTheHostRunInTheLabShellAndBehavioursCanBeRegisteredByPath() throws Exception {
    run(rhel, "printf '%s\\n' 'echo \"args: $1 $2\"' 'exit 4' > '/root/s.sh'");
    assertThat(run(rhel, "bash '/root/s.sh' 'a' 'b'")).isEqualTo(new Run(4, "args: a b\n", ""));
    assertThat(run(rhel, "cd '/root' && ./s.sh 'c'").out()).isEqualTo("args: c \n");
    rhel.commands().register("/root/s.sh", ctx -> {
      ctx.print("behaviour " + ctx.args() + "\n");
      return 0;
    });
    assertThat(run(rhel, "cd '/root' && bash 's.sh' 'x'").out()).isEqualTo("behaviour [x]\n");
    assertThat(run(ubuntu, "bash '/root/s.sh'").exitCode()).isEqualTo(127);
  }

  @Test
  void commandsRegisteredPerOsFamilyAndPerHost() throws Exception {
    fleet.commands(OsFamily.UBUNTU).register("apt-get", ctx -> {
      ctx.print("Reading package lists... Done\n");
      return 0;
    });
    assertThat(run(ubuntu, "apt-get 'update'").out()).isEqualTo("Reading package lists... Done\n");
    assertThat(run(ubuntu, "/usr/bin/apt-get 'update'").exitCode()).isZero();
    assertThat(run(rhel, "apt-get 'update'").exitCode()).isEqualTo(127);
  }

  @Test
  void interactiveCommandsReadAnswersFromStdin() throws Exception {
    rhel.commands().register("ask", ctx -> {
      ctx.print("Continue? (y/n): ");
      String answer = ctx.readLine();
      ctx.print("answer=" + answer + "\n");
      return "y".equals(answer) ? 0 : 1;
    });
    assertThat(run(rhel, "ask", "y\n")).isEqualTo(new Run(0, "Continue? (y/n): answer=y\n", ""));
  }
}
