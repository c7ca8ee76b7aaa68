package org.upgradeflow.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes environment files for tests, with a real key file and known_hosts file next to them. */
final class EnvironmentFiles {

  final Path dir;
  final Path key;
  final Path knownHosts;

  EnvironmentFiles(Path dir) throws IOException {
    this.dir = dir;
    this.key = Files.writeString(dir.resolve("id_test"), "-----BEGIN OPENSSH PRIVATE KEY-----\n(test)\n");
    this.knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
  }

  /** A valid CloudStack estate; {@code %KEY%} and {@code %KNOWN%} are replaced by the real paths. */
  static final String VALID_CLOUDSTACK = """
      product: cloudstack
      description: Test cloud
      knownHosts: %KNOWN%
      ssh:
        user: root
        privateKey: %KEY%
        roles:
          kvmHosts: { user: cloudadm, password: %KVMPW% }
      repository:
        url: http://download.cloudstack.org
      database:
        host: db1.example.net
        port: 3306
        user: cloud
        password: %DBPW%
      managementServers:
        - { name: ms1, address: 10.0.0.11, os: rhel }
        - { name: ms2, address: 10.0.0.12, os: rhel }
      usageServers:
        - { name: usage1, address: 10.0.0.13, os: rhel }
      databaseHost: { name: db1, address: 10.0.0.5, os: rhel }
      kvmHosts:
        - { name: kvm1, address: 10.0.1.21, os: ubuntu }
        - { name: kvm2, address: 10.0.1.22, os: rhel, ssh: { user: root, privateKey: %KEY% } }
      xenServerPools:
        - name: pool1
          master: { name: xen1, address: 10.0.2.31 }
          members:
            - { name: xen2, address: 10.0.2.32 }
            - { name: xen3, address: 10.0.2.33 }
      vmwareClusters:
        - { name: cluster1, vcenterHost: vc1.example.net, username: administrator, password: %VCPW% }
      zones: [zone1, zone2]
      """;

  Path write(String name, String yaml) throws IOException {
    return write(name, yaml, "plain-db-secret", "plain-kvm-secret", "plain-vc-secret");
  }

  Path write(String name, String yaml, String dbPassword, String kvmPassword, String vcPassword) throws IOException {
    String text = yaml.replace("%KEY%", key.toString()).replace("%KNOWN%", knownHosts.toString())
        .replace("%DBPW%", dbPassword).replace("%KVMPW%", kvmPassword).replace("%VCPW%", vcPassword);
    return Files.writeString(dir.resolve(name + ".yaml"), text);
  }
}
