package org.upgradeflow.lab.estate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.behaviour.CloudStackPackaging;
import org.upgradeflow.lab.db.LabCloudDatabase;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostState;

/**
 * One running estate: its inventory ({@link Environment}), its lab hosts by inventory name and,
 * for CloudStack, its {@code cloud} database. {@link #reset()} returns all of it to the initial
 * state; {@link #truth()} is what tests and the lab API read back.
 */
public final class LabEstate {

  private final EstateDefinition definition;
  private final Environment environment;
  private final Map<String, LabHost> hosts;
  private final Map<String, HostRole> roles;
  private final LabCloudDatabase database;
  private final Map<Class<?>, Object> extensions = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Runnable> resetHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Runnable> beforeResetHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, java.util.function.Supplier<Object>> truths = new java.util.concurrent.ConcurrentSkipListMap<>();

  LabEstate(EstateDefinition definition, Environment environment, Map<String, LabHost> hosts,
      Map<String, HostRole> roles, LabCloudDatabase database) {
    this.definition = definition;
    this.environment = environment;
    this.hosts = new LinkedHashMap<>(hosts);
    this.roles = Map.copyOf(roles);
    this.database = database;
  }

  public String id() {
    return definition.id();
  }

  public EstateDefinition definition() {
    return definition;
  }

  public Environment environment() {
    return environment;
  }

  /** Lab hosts by their inventory name ({@code ms1}, {@code kvm-rhel-1}, …). */
  public Map<String, LabHost> hosts() {
    return Map.copyOf(hosts);
  }

  public LabHost host(String name) {
    LabHost h = hosts.get(name);
    if (h == null) {
      throw new IllegalArgumentException("estate " + id() + " has no host " + name + "; hosts: " + hosts.keySet());
    }
    return h;
  }

  public Optional<LabCloudDatabase> database() {
    return Optional.ofNullable(database);
  }

  /** Every host and the database back to the initial state, then the behaviours' own state (reset hooks). */
  public synchronized void reset() {
    beforeResetHooks.forEach(Runnable::run);
    hosts.values().forEach(LabHost::reset);
    if (database != null) {
      database.reset();
    }
    resetHooks.forEach(Runnable::run);
  }

  /** Attaches a behaviour package's per-estate state (for example the CloudStack lab's). */
  public <T> void putExtension(Class<T> type, T value) {
    extensions.put(type, value);
  }

  public <T> Optional<T> extension(Class<T> type) {
    return Optional.ofNullable(type.cast(extensions.get(type)));
  }

  /** Runs at the start of every {@link #reset()}: stops what would write into the estate while it resets. */
  public void beforeReset(Runnable hook) {
    beforeResetHooks.add(hook);
  }

  /** Runs after every {@link #reset()}. */
  public void onReset(Runnable hook) {
    resetHooks.add(hook);
  }

  /** Adds an entry to {@link #truth()} under {@code key}. */
  public void addTruth(String key, java.util.function.Supplier<Object> value) {
    truths.put(key, value);
  }

  /** Per host: up, packages, services, repository file, journal with timestamps; the database version. */
  public Map<String, Object> truth() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("id", id());
    t.put("product", definition.product().name().toLowerCase());
    t.put("initialRelease", definition.release());
    if (database != null) {
      t.put("databaseVersion", database.currentVersion().orElse(null));
    }
    List<Map<String, Object>> list = new ArrayList<>();
    hosts.forEach((name, host) -> list.add(hostTruth(name, roles.get(name), host)));
    t.put("hosts", list);
    truths.forEach((k, v) -> t.put(k, v.get()));
    return t;
  }

  static Map<String, Object> hostTruth(String name, HostRole role, LabHost host) {
    LabHostState s = host.state();
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("name", name);
    h.put("role", role.name().toLowerCase());
    h.put("os", s.os().name().toLowerCase());
    h.put("port", host.port());
    h.put("up", host.isUp());
    h.put("hostname", s.hostname());
    h.put("packages", new LinkedHashMap<>(s.packages()));
    Map<String, Object> services = new LinkedHashMap<>();
    s.services().forEach((n, st) -> services.put(n, Map.of("running", st.running(), "enabled", st.enabled())));
    h.put("services", services);
    if (s.os() == OsFamily.RHEL || s.os() == OsFamily.UBUNTU) {
      String file = CloudStackPackaging.repositoryFile(s.os());
      Path p = s.path(file);
      Map<String, Object> repo = new LinkedHashMap<>();
      repo.put("path", file);
      try {
        repo.put("content", Files.isRegularFile(p) ? Files.readString(p) : null);
      } catch (IOException e) {
        repo.put("content", null);
      }
      h.put("repositoryFile", repo);
    }
    h.put("journal", s.journal().entries().stream().map(e -> Map.of(
        "time", e.time().toString(), "command", e.command(), "exitCode", e.exitCode(), "source", e.source())).toList());
    return h;
  }
}
