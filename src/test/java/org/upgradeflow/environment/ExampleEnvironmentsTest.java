package org.upgradeflow.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped examples stay valid: with their paths and placeholders made real, they load. */
class ExampleEnvironmentsTest {

  @TempDir
  Path dir;

  private Environment load(String example) throws Exception {
    EnvironmentFiles files = new EnvironmentFiles(dir);
    MasterCipher cipher = new MasterCipher("example-master");
    String text = Files.readString(Path.of("config/environments", example + ".yaml"))
        .replace("/etc/upgradeflow/known_hosts", files.knownHosts.toString())
        .replaceAll("/etc/upgradeflow/keys/\\w+", files.key.toString())
        .replaceAll("ENC\\(replace[-a-z]*\\)", "ENC(" + cipher.encrypt("s3cret") + ")");
    return new EnvironmentFileReader(cipher).read(Files.writeString(dir.resolve(example + ".yaml"), text));
  }

  @Test
  void cloudStackExampleIsValid() throws Exception {
    Environment env = load("example-cloudstack");
    assertThat(env.product()).isEqualTo(Product.CLOUDSTACK);
    assertThat(env.hosts()).hasSize(10);
    assertThat(env.host("kvm3").orElseThrow().port()).isEqualTo(2222);
    assertThat(env.host("kvm1").orElseThrow().ssh().user()).isEqualTo("cloudadm");
  }

  @Test
  void usageMeterExampleIsValid() throws Exception {
    Environment env = load("example-usagemeter");
    assertThat(env.product()).isEqualTo(Product.USAGEMETER);
    assertThat(env.hosts(HostRole.USAGE_METER_APPLIANCE)).singleElement()
        .satisfies(h -> assertThat(h.os()).isEqualTo(OsFamily.PHOTON));
    assertThat(env.proxy()).isEqualTo("http://proxy.example.net:3128");
  }
}
