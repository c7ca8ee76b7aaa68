package org.upgradeflow.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentFileReaderTest {

  @TempDir
  Path dir;
  EnvironmentFiles files;
  final EnvironmentFileReader reader = new EnvironmentFileReader(new MasterCipher(null));

  @BeforeEach
  void setUp() throws Exception {
    files = new EnvironmentFiles(dir);
  }

  @Test
  void readsAValidCloudStackEstate() throws Exception {
    Environment env = reader.read(files.write("prod-fra", EnvironmentFiles.VALID_CLOUDSTACK));

    assertThat(env.id()).isEqualTo("prod-fra");
    assertThat(env.product()).isEqualTo(Product.CLOUDSTACK);
    assertThat(env.hosts(HostRole.MANAGEMENT_SERVER)).extracting(Host::name).containsExactly("ms1", "ms2");
    assertThat(env.hosts(HostRole.XENSERVER_HOST)).extracting(Host::name).containsExactly("xen1", "xen2", "xen3");
    assertThat(env.xenServerPools().get(0).master()).isEqualTo("xen1");
    assertThat(env.database().password().reveal()).isEqualTo("plain-db-secret");
    assertThat(env.zones()).containsExactly("zone1", "zone2");

    Host kvm1 = env.host("kvm1").orElseThrow();
    assertThat(kvm1.os()).isEqualTo(OsFamily.UBUNTU);
    assertThat(kvm1.port()).isEqualTo(22);
    // the role layer replaces the default credential as a whole: password, no key
    assertThat(kvm1.ssh().user()).isEqualTo("cloudadm");
    assertThat(kvm1.ssh().privateKey()).isNull();
    assertThat(kvm1.ssh().password().reveal()).isEqualTo("plain-kvm-secret");
    // the host layer wins over the role layer
    Host kvm2 = env.host("kvm2").orElseThrow();
    assertThat(kvm2.ssh().user()).isEqualTo("root");
    assertThat(kvm2.ssh().privateKey()).isEqualTo(files.key);
    assertThat(env.host("ms1").orElseThrow().ssh().privateKey()).isEqualTo(files.key);
  }

  static Stream<Arguments> brokenFiles() {
    String valid = EnvironmentFiles.VALID_CLOUDSTACK;
    return Stream.of(
        Arguments.of("unknown product", valid.replace("product: cloudstack", "product: openstack"),
            "product: expected one of [cloudstack, usagemeter], got 'openstack'"),
        Arguments.of("missing product", valid.replace("product: cloudstack\n", ""),
            "product: is required"),
        Arguments.of("duplicate host name", valid.replace("name: ms2", "name: ms1"),
            "managementServers[1].name: duplicate host name 'ms1' (also at managementServers[0].name)"),
        Arguments.of("duplicate address", valid.replace("address: 10.0.0.12", "address: 10.0.0.11"),
            "managementServers[1].address: duplicate address and port 10.0.0.11:22"),
        Arguments.of("missing credential", valid.replace("  privateKey: %KEY%\n", ""),
            "managementServers[0].ssh: missing SSH credential: give privateKey or password here, "
                + "under ssh.roles.managementServers, or under ssh"),
        Arguments.of("unreadable key file", valid.replace("  privateKey: %KEY%\n", "  privateKey: /nonexistent/id_rsa\n"),
            "ssh.privateKey: file '/nonexistent/id_rsa' does not exist or is not readable by the service"),
        Arguments.of("relative key path", valid.replace("  privateKey: %KEY%\n", "  privateKey: keys/id_rsa\n"),
            "ssh.privateKey: expected an absolute path, got 'keys/id_rsa'"),
        Arguments.of("host name with a space", valid.replace("address: 10.0.1.21", "address: \"kvm 1.example\""),
            "kvmHosts[0].address: expected a plain host name or IP address, got 'kvm 1.example'"),
        Arguments.of("host name with shell characters", valid.replace("host: db1.example.net", "host: db1;reboot"),
            "database.host: expected a plain host name or IP address, got 'db1;reboot'"),
        Arguments.of("undecryptable secret", valid,
            "database.password: is ENC(...) but UPGRADEFLOW_MASTER_PASSWORD is not set"),
        Arguments.of("unknown field", valid.replace("zones:", "zone:"),
            "zone: unknown field; expected one of"),
        Arguments.of("unknown os family", valid.replace("os: ubuntu", "os: debian"),
            "kvmHosts[0].os: expected one of [rhel, ubuntu, photon, xenserver], got 'debian'"),
        Arguments.of("photon on a management server", valid.replace("name: ms1, address: 10.0.0.11, os: rhel",
            "name: ms1, address: 10.0.0.11, os: photon"),
            "managementServers[0].os: expected rhel or ubuntu for a CloudStack host, got 'photon'"),
        Arguments.of("port out of range", valid.replace("port: 3306", "port: 99999"),
            "database.port: expected a port number 1-65535, got '99999'"),
        Arguments.of("repository url not http", valid.replace("url: http://download.cloudstack.org",
            "url: ftp://mirror/cloudstack"),
            "repository.url: expected an http:// or https:// URL"),
        Arguments.of("no management server", valid.replace("""
            managementServers:
              - { name: ms1, address: 10.0.0.11, os: rhel }
              - { name: ms2, address: 10.0.0.12, os: rhel }
            """, ""), "managementServers: needs at least one host"),
        Arguments.of("missing database", valid.replace("""
            database:
              host: db1.example.net
              port: 3306
              user: cloud
              password: %DBPW%
            """, ""), "database: is required"),
        Arguments.of("id differs from file name", "id: other\n" + valid,
            "id: is 'other' but the file name says 'broken'; they must match"),
        Arguments.of("duplicate yaml key", valid + "zones: [zone3]\n", "(syntax): "),
        Arguments.of("not a mapping", "- just\n- a list\n", "(document): expected a YAML mapping"),
        Arguments.of("list where mapping expected", valid.replace("databaseHost: { name: db1, address: 10.0.0.5, os: rhel }",
            "databaseHost: [db1]"), "databaseHost: expected a mapping"),
        Arguments.of("missing known_hosts", valid.replace("knownHosts: %KNOWN%\n", ""), "knownHosts: is required"),
        Arguments.of("usage meter without appliance", """
            product: usagemeter
            knownHosts: %KNOWN%
            ssh: { user: root, password: x }
            """, "appliances: needs at least one host"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void refusesABrokenFileWithItsSpecificError(String what, String yaml, String expected) throws Exception {
    Path file = files.write("broken", yaml, "ENC(" + "A".repeat(44) + ")", "kvm-secret", "vc-secret");
    if (!what.equals("undecryptable secret")) {
      file = files.write("broken", yaml);
    }
    Path written = file;
    assertThatThrownBy(() -> reader.read(written))
        .isInstanceOf(InvalidEnvironmentException.class)
        .hasMessageContaining(written.toString())
        .hasMessageContaining(expected);
  }

  @Test
  void reportsEveryProblemOfAFileAtOnce() throws Exception {
    Path file = files.write("many", EnvironmentFiles.VALID_CLOUDSTACK
        .replace("product: cloudstack", "product: cloudstack\nfoo: bar")
        .replace("port: 3306", "port: 0")
        .replace("os: ubuntu", "os: beos"));
    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOfSatisfying(InvalidEnvironmentException.class, e -> assertThat(e.problems()).hasSize(3));
  }

  private static final String USAGE_METER = """
      product: usagemeter
      knownHosts: %KNOWN%
      ssh: { user: root, password: x }
      appliances:
        - { name: um1, address: um1.example.net }
      proxy: PROXY
      """;

  @Test
  void aProxyWithUserAndPasswordLoadsAndABadOneIsRefusedWithoutItsCredentials() throws Exception {
    Environment env = reader.read(files.write("um-proxy", USAGE_METER.replace("PROXY", "http://svc:s3cr3t@proxy.example.net:3128")));
    assertThat(env.proxy()).isEqualTo("http://svc:s3cr3t@proxy.example.net:3128");
    assertThat(env.toString()).contains("proxy=http://***@proxy.example.net:3128").doesNotContain("s3cr3t");

    Path bad = files.write("um-bad-proxy", USAGE_METER.replace("PROXY", "http://svc:s3cr3t@proxy.example.net:3128/squid"));
    assertThatThrownBy(() -> reader.read(bad)).isInstanceOf(InvalidEnvironmentException.class)
        .hasMessageContaining("proxy: expected http(s)://[user[:password]@]host[:port]")
        .hasMessageNotContaining("s3cr3t").hasMessageNotContaining("svc");
  }

  @Test
  void refusesAnEnvironmentIdThatIsNotUrlSafe() throws Exception {
    Path file = files.write("Prod_Cloud", EnvironmentFiles.VALID_CLOUDSTACK);
    assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("the environment id 'Prod_Cloud' must be");
  }
}
