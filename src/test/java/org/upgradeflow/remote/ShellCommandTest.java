package org.upgradeflow.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.upgradeflow.environment.Secret;

class ShellCommandTest {

  @Test
  void valuesAreSingleQuoted() {
    ShellCommand c = ShellCommand.of("systemctl stop {}", ShellArg.service("cloudstack-management"));
    assertThat(c.render()).isEqualTo("systemctl stop 'cloudstack-management'");
    assertThat(c).hasToString("systemctl stop 'cloudstack-management'");
  }

  @Test
  void singleQuotesInsideAValueAreClosedEscapedAndReopened() {
    ShellCommand c = ShellCommand.of("printf '%s' {}", ShellArg.text("x'; rm -rf / #"));
    assertThat(c.render()).isEqualTo("printf '%s' 'x'\\''; rm -rf / #'");
  }

  @Test
  void secretsAreOnTheWireButMaskedEverywhereElse() {
    ShellCommand c = ShellCommand.of("mysql -p{} -e {}", ShellArg.secret(Secret.of("pa'ss")),
        ShellArg.text("select 1"));
    assertThat(c.render()).isEqualTo("mysql -p'pa'\\''ss' -e 'select 1'");
    assertThat(c.toString()).isEqualTo("mysql -p****** -e 'select 1'").doesNotContain("pa");
  }

  @Test
  void nestedCommandsKeepTheMask() {
    ShellCommand inner = ShellCommand.of("echo {}", ShellArg.secret(Secret.of("hunter2")));
    ShellCommand outer = DetachedJobs.start("/var/tmp/upgradeflow/jobs", "job-1", inner);
    assertThat(outer.render()).contains("hunter2");
    assertThat(outer.toString()).doesNotContain("hunter2").contains("******");
  }

  @Test
  void placeholdersMustMatchArgs() {
    assertThatThrownBy(() -> ShellCommand.of("rm {} {}", ShellArg.path("/tmp/a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 placeholders");
  }

  @Test
  void eachKindRejectsWhatItCannotBeAndNamesKindAndValue() {
    assertThatThrownBy(() -> ShellArg.service("x; reboot"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid service name: \"x; reboot\"");
    assertThatThrownBy(() -> ShellArg.packageName("-y")).hasMessageContaining("package name");
    assertThatThrownBy(() -> ShellArg.path("-rf")).hasMessageContaining("path");
    assertThatThrownBy(() -> ShellArg.path("/etc/../root")).hasMessageContaining("path");
    assertThatThrownBy(() -> ShellArg.path("/tmp/a\nb")).hasMessageContaining("\\u000a");
    assertThatThrownBy(() -> ShellArg.path("/tmp/$(id)")).hasMessageContaining("path");
    assertThatThrownBy(() -> ShellArg.version("4.3.0; id")).hasMessageContaining("version");
    assertThatThrownBy(() -> ShellArg.hostName("host`id`")).hasMessageContaining("host name");
    assertThatThrownBy(() -> ShellArg.word("a b")).hasMessageContaining("plain word");
    assertThatThrownBy(() -> ShellArg.text("a\nb")).hasMessageContaining("text");
    assertThatThrownBy(() -> ShellArg.word("")).hasMessageContaining("plain word");
  }

  @Test
  void validValuesOfEachKind() {
    assertThat(ShellArg.packageName("cloudstack-management=4.3.2").toString())
        .isEqualTo("'cloudstack-management=4.3.2'");
    assertThat(ShellArg.path("/etc/cloudstack/management/db.properties").toString())
        .isEqualTo("'/etc/cloudstack/management/db.properties'");
    assertThat(ShellArg.path("scripts/status.sh").toString()).isEqualTo("'scripts/status.sh'");
    assertThat(ShellArg.version("4.3.0").toString()).isEqualTo("'4.3.0'");
    assertThat(ShellArg.hostName("db-1.example.org").toString()).isEqualTo("'db-1.example.org'");
    assertThat(ShellArg.hostName("10.0.0.5").toString()).isEqualTo("'10.0.0.5'");
    assertThat(ShellArg.hostName("fe80::1").toString()).isEqualTo("'fe80::1'");
    assertThat(ShellArg.integer(-3).toString()).isEqualTo("'-3'");
    assertThat(ShellArg.text("").toString()).isEqualTo("''");
  }

  @Test
  void aRejectedSecretIsNeverShown() {
    assertThatThrownBy(() -> ShellArg.secret(Secret.of("bad\0secret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret").hasMessageNotContaining("bad");
  }

  @Test
  void jobIdsAreChecked() {
    assertThatThrownBy(() -> JobId.check("../etc")).hasMessageContaining("job id");
    assertThatThrownBy(() -> JobId.check("..")).hasMessageContaining("job id");
    assertThatThrownBy(() -> JobId.check("a b")).hasMessageContaining("job id");
    assertThat(JobId.check("backup-db_1.2")).isEqualTo("backup-db_1.2");
  }

  @Test
  void boundedCaptureKeepsHeadAndTail() {
    BoundedCapture c = new BoundedCapture(1024);
    byte[] data = new byte[10_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ('a' + i % 26);
    }
    c.write(data, 0, data.length);
    assertThat(c.total()).isEqualTo(10_000);
    assertThat(c.truncated()).isTrue();
    String text = c.text();
    assertThat(text).startsWith(new String(data, 0, 512)).endsWith(new String(data, 10_000 - 512, 512))
        .contains("8976 bytes omitted");
  }
}
