package org.upgradeflow.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

/** {@code upgradeflow.ssh.*} binds with defaults, and the sshj shell is the RemoteShell bean. */
class SshPropertiesBindingTest {

  @EnableConfigurationProperties(SshProperties.class)
  @Import(SshjRemoteShell.class)
  static class Wiring {
  }

  @Test
  void bindsOverridesAndKeepsDefaults() {
    new ApplicationContextRunner().withUserConfiguration(Wiring.class)
        .withPropertyValues("upgradeflow.ssh.connect-timeout=3s", "upgradeflow.ssh.step-log-dir=build/logs")
        .run(ctx -> {
          assertThat(ctx).hasSingleBean(RemoteShell.class);
          SshProperties p = ctx.getBean(SshProperties.class);
          assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(p.stepLogDir()).isEqualTo(Path.of("build/logs"));
          assertThat(p.commandTimeout()).isEqualTo(Duration.ofSeconds(50));
          assertThat(p.maxOutputBytes()).isEqualTo(64 * 1024);
          assertThat(p.jobRoot()).isEqualTo("/var/tmp/upgradeflow/jobs");
        });
  }

  @Test
  void anUnsafeJobRootFailsAtStartUp() {
    new ApplicationContextRunner().withUserConfiguration(Wiring.class)
        .withPropertyValues("upgradeflow.ssh.job-root=/tmp/$(id)")
        .run(ctx -> assertThat(ctx).hasFailed());
  }
}
