package org.upgradeflow.lab.host;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.command.LabCommandRegistry;

/**
 * The running lab hosts, their shared client key and known_hosts file, and the layered command
 * registries: built-ins, then one per OS family, then one per host. Estates start their hosts
 * here; closing the fleet stops them all.
 */
public final class LabHostFleet implements AutoCloseable {

  private final LabClientKey clientKey;
  private final LabKnownHosts knownHosts;
  private final Clock clock;
  private final LabCommandRegistry builtins = LabCommandRegistry.withBuiltins();
  private final Map<OsFamily, LabCommandRegistry> byOs = new EnumMap<>(OsFamily.class);
  private final Map<String, LabHost> hosts = new ConcurrentSkipListMap<>();

  /**
   * @param labDir where {@code id_ed25519} (reused when present) and {@code known_hosts} live
   */
  public LabHostFleet(Path labDir) {
    this(labDir, Clock.systemUTC());
  }

  public LabHostFleet(Path labDir, Clock clock) {
    this.clientKey = LabClientKey.loadOrCreate(labDir.resolve("id_ed25519"));
    this.knownHosts = new LabKnownHosts(labDir.resolve("known_hosts"));
    this.clock = clock;
    for (OsFamily os : OsFamily.values()) {
      byOs.put(os, builtins.child());
    }
  }

  /** Behaviours every lab host has, whatever its OS family. */
  public LabCommandRegistry commands() {
    return builtins;
  }

  /** Behaviours of one OS family ({@code yum} on RHEL, {@code apt-get} on Ubuntu, …). */
  public LabCommandRegistry commands(OsFamily os) {
    return byOs.get(os);
  }

  /** Creates and starts a host; known_hosts is rewritten with it. */
  public synchronized LabHost start(LabHostSpec spec) {
    if (hosts.containsKey(spec.name())) {
      throw new IllegalArgumentException("lab host " + spec.name() + " already exists");
    }
    LabHost host = new LabHost(spec, byOs.get(spec.os()).child(), clientKey, clock);
    try {
      host.start();
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
    hosts.put(spec.name(), host);
    knownHosts.write(hosts.values());
    return host;
  }

  public List<LabHost> startAll(List<LabHostSpec> specs) {
    List<LabHost> started = new ArrayList<>();
    for (LabHostSpec spec : specs) {
      started.add(start(spec));
    }
    return started;
  }

  public Optional<LabHost> host(String name) {
    return Optional.ofNullable(hosts.get(name));
  }

  public List<LabHost> hosts() {
    return List.copyOf(hosts.values());
  }

  /** The private key that logs into every lab host (OpenSSH format). */
  public Path clientKeyFile() {
    return clientKey.privateKeyFile();
  }

  public Path knownHostsFile() {
    return knownHosts.file();
  }

  /** Every host back to its initial state and up. */
  public void resetAll() {
    hosts.values().forEach(LabHost::reset);
  }

  /** Stops and forgets one host (its known_hosts line goes too). */
  public synchronized void remove(String name) {
    LabHost host = hosts.remove(name);
    if (host != null) {
      host.close();
      knownHosts.write(hosts.values());
    }
  }

  @Override
  public synchronized void close() {
    hosts.values().forEach(LabHost::close);
    hosts.clear();
  }
}
