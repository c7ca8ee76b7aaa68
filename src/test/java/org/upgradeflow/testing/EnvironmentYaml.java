package org.upgradeflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.Product;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes an {@link Environment} as the {@code <id>.yaml} an operator would (layout of
 * {@code config/environments/example-cloudstack.yaml}), so that a service in another JVM loads
 * a lab estate of this JVM from its environments directory: the hosts' loopback ports, the
 * lab's known_hosts and client key, the lab database's port. Secrets are written in plain text
 * (a test's temporary directory; the reader accepts plain values as well as ENC(...)).
 */
public final class EnvironmentYaml {

  private EnvironmentYaml() {
  }

  /** Writes {@code <dir>/<id>.yaml}; returns the file. */
  public static Path write(Environment environment, Path dir) throws IOException {
    if (environment.product() != Product.CLOUDSTACK) {
      throw new IllegalArgumentException("environment " + environment.id() + ": only CloudStack estates are written, got "
          + environment.product());
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("product", "cloudstack");
    root.put("description", environment.description());
    root.put("knownHosts", environment.knownHosts().toAbsolutePath().toString());
    root.put("repository", Map.of("url", environment.repositoryUrl()));
    var db = environment.database();
    root.put("database", map("host", db.host(), "port", db.port(), "user", db.user(), "password", db.password().reveal()));
    root.put("managementServers", hosts(environment, HostRole.MANAGEMENT_SERVER));
    root.put("usageServers", hosts(environment, HostRole.USAGE_SERVER));
    List<Map<String, Object>> dbHosts = hosts(environment, HostRole.DATABASE_HOST);
    if (dbHosts.size() != 1) {
      throw new IllegalArgumentException("environment " + environment.id() + ": expected one database host, got "
          + dbHosts.size());
    }
    root.put("databaseHost", dbHosts.get(0));
    root.put("kvmHosts", hosts(environment, HostRole.KVM_HOST));
    List<Map<String, Object>> pools = new ArrayList<>();
    for (var pool : environment.xenServerPools()) {
      pools.add(map("name", pool.name(), "master", host(environment.host(pool.master()).orElseThrow()),
          "members", pool.members().stream().map(m -> host(environment.host(m).orElseThrow())).toList()));
    }
    root.put("xenServerPools", pools);
    root.put("vmwareClusters", environment.vmwareClusters().stream().map(c -> map("name", c.name(),
        "vcenterHost", c.vcenterHost(), "username", c.username(), "password", c.password().reveal())).toList());
    root.put("zones", environment.zones());
    if (environment.artifacts() != null) {
      root.put("artifacts", environment.artifacts());
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(environment.id() + ".yaml"), new Yaml(options).dump(root));
  }

  private static List<Map<String, Object>> hosts(Environment environment, HostRole role) {
    return environment.hosts(role).stream().map(EnvironmentYaml::host).toList();
  }

  private static Map<String, Object> host(Host host) {
    Map<String, Object> ssh = new LinkedHashMap<>();
    ssh.put("user", host.ssh().user());
    if (host.ssh().privateKey() != null) {
      ssh.put("privateKey", host.ssh().privateKey().toAbsolutePath().toString());
    }
    if (host.ssh().password() != null) {
      ssh.put("password", host.ssh().password().reveal());
    }
    Map<String, Object> entry = map("name", host.name(), "address", host.address(), "port", host.port(), "ssh", ssh);
    if (host.role() != HostRole.XENSERVER_HOST) {
      entry.put("os", host.os().name().toLowerCase(java.util.Locale.ROOT));
    }
    return entry;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
