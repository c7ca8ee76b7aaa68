package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.upgradeflow.remote.ShellCommand;

class HostCommandsTest {

  @Test
  void theRepositoryCheckSendsAProxyWithCredentialsButNeverShowsThem() {
    ShellCommand c = HostCommands.fetchRepositoryMetadata("http://cloudstack.lab/rhel/4.3/repodata/repomd.xml",
        "http://svc:s3cr3t@proxy.example.net:3128", 20);
    assertThat(c.render()).contains("svc:s3cr3t@proxy.example.net:3128");
    assertThat(c.toString()).doesNotContain("s3cr3t").doesNotContain("svc:")
        .contains("http://cloudstack.lab/rhel/4.3/repodata/repomd.xml");

    ShellCommand plain = HostCommands.fetchRepositoryMetadata("http://cloudstack.lab/rhel/4.3/repodata/repomd.xml",
        "http://proxy.example.net:3128", 20);
    assertThat(plain.toString()).contains("-x 'http://proxy.example.net:3128'").isEqualTo(plain.render());
  }
}
