package org.upgradeflow.remote;

import java.nio.file.Path;
import java.util.Objects;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/** A host to talk to and the known_hosts file its key must be listed in. */
public record RemoteTarget(Host host, Path knownHosts) {

  public RemoteTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(knownHosts, "knownHosts (no host is reached without a known host key)");
    Objects.requireNonNull(host.ssh(), "ssh credentials of host " + host.name());
  }

  public static RemoteTarget of(Environment env, String hostName) {
    Host host = env.host(hostName).orElseThrow(() -> new IllegalArgumentException(
        "environment " + env.id() + " has no host named " + hostName));
    return new RemoteTarget(host, env.knownHosts());
  }

  public String name() {
    return host.name();
  }

  /** Identity of the pooled connection: who logs in where, checked against which file. */
  String connectionKey() {
    return host.ssh().user() + "@" + host.address() + ":" + host.port() + " " + knownHosts;
  }

  @Override
  public String toString() {
    return host.name() + " (" + host.ssh().user() + "@" + host.address() + ":" + host.port() + ")";
  }
}
