package org.upgradeflow.lab.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.cloudstack.HostCommands;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostFleet;
import org.upgradeflow.lab.host.LabHostSpec;
import org.upgradeflow.lab.host.LabTime;
import org.upgradeflow.lab.shell.ShellParser;
import org.upgradeflow.remote.ShellCommand;

/**
 * The shell language beyond simple commands: if/elif/else/fi, variables, expansion in and out
 * of quotes, command substitution, umask. Expected outputs are what bash prints for the same
 * lines.
 */
class ShellLanguageTest {

  @TempDir
  static Path labDir;
  static LabHostFleet fleet;
  static LabHost host;

  record Run(int exitCode, String out, String err) {
  }

  @BeforeAll
  static void start() {
    fleet = new LabHostFleet(labDir);
    host = fleet.start(LabHostSpec.builder("mgmt1", OsFamily.RHEL).time(new LabTime(0.001)).build());
  }

  @AfterAll
  static void stop() {
    fleet.close();
  }

  @BeforeEach
  void reset() {
    host.reset();
  }

  static Run run(String line) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new ShellInterpreter(host.state(), host.commands())
        .exec(line, new ByteArrayInputStream(new byte[0]), out, err, false);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String out(String line) throws InterruptedException {
    return run(line).out();
  }

  @Test
  void ifRunsTheFirstBranchWhoseConditionHolds() throws Exception {
    assertThat(out("if true; then echo a; elif true; then echo b; else echo c; fi")).isEqualTo("a\n");
    assertThat(out("if false; then echo a; elif true; then echo b; else echo c; fi")).isEqualTo("b\n");
    assertThat(out("if false; then echo a; elif false; then echo b; else echo c; fi")).isEqualTo("c\n");
    assertThat(out("if false\nthen\n  echo a\nelif test -d '/tmp'\nthen\n  echo b\nfi\n")).isEqualTo("b\n");
    assertThat(out("if true; then if false; then echo x; else echo y; fi; echo z; fi")).isEqualTo("y\nz\n");
    assertThat(out("if if false; then true; else false; fi; then echo a; else echo b; fi")).isEqualTo("b\n");
  }

  @Test
  void exitStatusOfIfIsThatOfTheBranchRunOrZero() throws Exception {
    assertThat(run("if false; then echo a; fi")).isEqualTo(new Run(0, "", ""));
    assertThat(out("if false; then echo a; fi; echo $?")).isEqualTo("0\n");
    assertThat(run("if true; then false; fi").exitCode()).isEqualTo(1);
    assertThat(run("if false; then true; else sh -c 'exit 6'; fi").exitCode()).isEqualTo(6);
    // the condition's status is $? in the branch that follows
    assertThat(out("if sh -c 'exit 4'; then :; else echo \"$?\"; fi")).isEqualTo("4\n");
    assertThat(run("if true; then exit 7; fi; echo 'not reached'")).isEqualTo(new Run(7, "", ""));
    assertThat(run("! if false; then :; fi").exitCode()).isEqualTo(1);
    assertThat(out("if true; then false; fi || echo 'or'")).isEqualTo("or\n");
  }

  @Test
  void ifTakesRedirectionsPipesAndBackgroundJobs() throws Exception {
    assertThat(out("if true; then echo a; echo b; fi > '/tmp/o'; cat '/tmp/o'")).isEqualTo("a\nb\n");
    assertThat(out("if true; then echo a; echo b; fi | tail -n 1")).isEqualTo("b\n");
    assertThat(out("if true; then sleep 0 & echo \"$!\" > '/tmp/p'; fi; cat '/tmp/p'")).matches("\\d+\n");
  }

  @Test
  void braceGroupsRunInTheCurrentShell() throws Exception {
    assertThat(out("false || { echo a; echo b; } | tail -n 1")).isEqualTo("b\n");
    assertThat(out("{ x=1; cd /tmp; }; echo $x; pwd")).isEqualTo("1\n/tmp\n");
    assertThat(run("true && { echo failed >&2; exit 70; }; echo never")).isEqualTo(new Run(70, "", "failed\n"));
    assertThat(out("{ echo a; echo b; } > '/tmp/g'; cat '/tmp/g'")).isEqualTo("a\nb\n");
  }

  @Test
  void syntaxErrorsAreExit2() throws Exception {
    Run r = run("if true; then fi");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("bash: -c: line 1: syntax error near unexpected token `fi'\n");
    assertThat(run("if true; then echo a").exitCode()).isEqualTo(2);
    assertThat(run("echo a; fi").out()).isEmpty(); // nothing of a line that does not parse runs
  }

  @Test
  void assignmentsSetShellVariablesAndPrefixesTheCommandsEnvironment() throws Exception {
    assertThat(out("a=1; b=\"$a 2\"; echo \"$b\"")).isEqualTo("1 2\n");
    assertThat(out("a=1 b=$a; echo $b")).isEqualTo("1\n");
    assertThat(out("X=old; X=new sh -c 'echo \"$X\"'; echo \"$X\"")).isEqualTo("new\nold\n");
    // the prefix is for the command's environment, not for the expansion of its own words
    assertThat(out("X=1 echo \"[$X]\"")).isEqualTo("[]\n");
    host.commands().register("showenv", ctx -> {
      ctx.print(ctx.env("DEBIAN_FRONTEND") + "\n");
      return 0;
    });
    assertThat(out("DEBIAN_FRONTEND=noninteractive showenv; showenv")).isEqualTo("noninteractive\nnull\n");
    assertThat(out("d='/var/tmp/x y'; echo \"$d/pid\" ${d}z")).isEqualTo("/var/tmp/x y/pid /var/tmp/x yz\n");
  }

  @Test
  void singleQuotesNeverExpandDoubleQuotesDoAndUnquotedResultsAreSplit() throws Exception {
    assertThat(out("a='x y'; printf '[%s]' $a \"$a\" '$a' \"\\$a\" ${a}z '$(id)' \"'$a'\"; echo"))
        .isEqualTo("[x][y][x y][$a][$a][x][yz][$(id)]['x y']\n");
    assertThat(out("e=; printf '[%s]' $e \"$e\" x; echo")).isEqualTo("[][x]\n");
    assertThat(out("false; echo \"st=$?\" st=$?")).isEqualTo("st=1 st=1\n");
    assertThat(out("echo \"$$\" $$")).matches("(\\d+) \\1\n");
    assertThat(out("sleep 0 & echo \"$!\"")).matches("\\d+\n");
    assertThat(out("echo \"${HOME}/x\" $HOME")).isEqualTo("/root/x /root\n");
    assertThat(out("sh -c 'printf \"[%s]\" \"$@\"; printf \"<%s>\" $@; echo' sh 'a b' c")).isEqualTo("[a b][c]<a><b><c>\n");
  }

  @Test
  void commandSubstitutionRunsInASubshellAndLosesTrailingNewlines() throws Exception {
    assertThat(out("echo \"exit=$(printf '%s\\n\\n' '3')\"")).isEqualTo("exit=3\n");
    assertThat(out("x=$(echo \"a  b\"); echo \"$x\"; echo $x")).isEqualTo("a  b\na b\n");
    assertThat(out("echo \"$(echo \"$(echo 'in' \"ner\")\")\"")).isEqualTo("in ner\n");
    assertThat(out("echo a$(echo b)c \"$(echo ')')\"")).isEqualTo("abc )\n");
    assertThat(out("x=$(cd '/tmp'; y=1; pwd); echo \"$x [$y]\"; pwd")).isEqualTo("/tmp []\n/root\n");
    assertThat(out("x=$(sh -c 'exit 5'); echo $?")).isEqualTo("5\n");
    assertThat(out("x=$(exit 3); echo $?")).isEqualTo("3\n");
    assertThat(out("pid=$(cat '/nonexistent/pid' 2>/dev/null); [ -z \"$pid\" ] && echo 'empty'")).isEqualTo("empty\n");
    assertThat(run("echo $(nosuch)")).isEqualTo(new Run(0, "\n", "bash: nosuch: command not found\n"));
  }

  @Test
  void theClientsQuotedInjectionStaysOneLiteralWord() throws Exception {
    String quoted = "'x'\\''; rm -rf / #'";
    assertThat(run("printf '%s' " + quoted)).isEqualTo(new Run(0, "x'; rm -rf / #", ""));
    assertThat(out("v=" + quoted + "; echo \"$v\"; echo $v")).isEqualTo("x'; rm -rf / #\nx'; rm -rf / #\n");
    assertThat(out("echo \"$(printf '%s' " + quoted + ")\"")).isEqualTo("x'; rm -rf / #\n");
    assertThat(host.state().path("/etc/hostname")).exists();
    assertThat(host.state().journal().entries()).isEmpty();
  }

  @Test
  void umaskIsAcceptedAndRecorded() throws Exception {
    assertThat(out("umask; umask 077; umask; sh -c 'umask'")).isEqualTo("0022\n0077\n0077\n");
    Run bad = run("umask 9");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("umask: 9: octal number out of range");
    assertThat(run(":").exitCode()).isZero();
  }

  @Test
  void testBuiltinsUsedByTheJobTemplates() throws Exception {
    assertThat(run("[ -d '/tmp' ] && [ -f '/etc/hostname' ] && [ ! -d '/etc/hostname' ] && [ -z '' ] && [ -n 'x' ]"
        + " && [ 'a' = 'a' ] && [ 3 -eq 03 ] && test ! -f '/tmp'").exitCode()).isZero();
    assertThat(run("[ -z \"$(echo x)\" ]").exitCode()).isEqualTo(1);
    assertThat(run("[ 'a' -eq 1 ]").exitCode()).isEqualTo(2);
  }

  @Test
  void bootIdIsAFileWithTheHostsBootId() throws Exception {
    String id = out("cat /proc/sys/kernel/random/boot_id");
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n");
    assertThat(id.strip()).isEqualTo(host.state().bootId());
    run("echo 'tampered' > /proc/sys/kernel/random/boot_id");
    host.reset();
    assertThat(out("cat /proc/sys/kernel/random/boot_id")).isEqualTo(id);
  }

  @Test
  void everyCloudStackHostCommandParsesAndPrefixAssignmentsReachThePackageManager() throws Exception {
    List<ShellCommand> commands = new ArrayList<>();
    for (OsFamily os : List.of(OsFamily.RHEL, OsFamily.UBUNTU)) {
      commands.add(HostCommands.installedVersion(os, "cloudstack-management"));
      commands.add(HostCommands.upgradePackage(os, "cloudstack-management"));
      commands.add(HostCommands.installPackage(os, "cloudstack-management"));
    }
    commands.add(HostCommands.serviceStatus("cloudstack-management"));
    commands.add(HostCommands.killJsvc());
    commands.add(HostCommands.restartSystemVms("db1", "cloud", "/root/.pw", "/var/log/sysvm.log"));
    commands.add(HostCommands.tail("/var/log/cloudstack/management/management-server.log", 50));
    commands.add(HostCommands.freeKilobytes("/var"));
    for (ShellCommand c : commands) {
      assertThat(ShellParser.parse(c.render()).items()).as(c.toString()).isNotEmpty();
    }
    host.commands().register("apt-get", ctx -> {
      ctx.print(ctx.args() + " " + ctx.env("DEBIAN_FRONTEND") + "\n");
      return 0;
    });
    assertThat(out(HostCommands.upgradePackage(OsFamily.UBUNTU, "cloudstack-agent").render())).isEqualTo(
        "[update] null\n[-y, -o, Dpkg::Options::=--force-confold, install, --only-upgrade, cloudstack-agent] noninteractive\n");
    host.commands().register("cloudstack-sysvmadm", ctx -> {
      ctx.print(ctx.args().get(5) + "\n");
      return 0;
    });
    java.nio.file.Files.writeString(host.state().path("/root/.pw"), "p'w; $(x)\n");
    ShellCommand sysvmadm = HostCommands.restartSystemVms("db1", "cloud", "/root/.pw", "/var/log/s.log");
    // the password reaches sysvmadm as one argument, read on the host; the command line never holds it
    assertThat(out(sysvmadm.render())).isEqualTo("p'w; $(x)\n");
    assertThat(sysvmadm.render()).doesNotContain("p'w");
  }
}
