package org.upgradeflow.lab.host;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.upgradeflow.environment.OsFamily;

/**
 * The model of one lab host: what is installed, what runs, its files, its journal and faults.
 * Command behaviours read and change it; tests read it as the truth of what an upgrade did.
 * {@link #snapshot()} fixes the state a {@link #reset()} returns to (taken once at creation).
 */
public final class LabHostState {

  private static final List<String> SKELETON = List.of(
      "/root", "/tmp", "/etc", "/var/tmp", "/var/log", "/usr/bin", "/usr/sbin", "/opt", "/dev",
      "/proc/sys/kernel/random");
  /** Read by the client to tell one boot from the next (see {@link #bootId()}). */
  public static final String BOOT_ID_FILE = "/proc/sys/kernel/random/boot_id";

  private final String name;
  private final OsFamily os;
  private final String user;
  private final String password;
  private final LabTime time;
  private final FileSystem fileSystem;
  private final Journal journal;
  private final Faults faults = new Faults();
  private final LabProcesses processes;
  private final Map<String, String> packages = new ConcurrentSkipListMap<>();
  private final Map<String, ServiceState> services = new ConcurrentSkipListMap<>();
  private final List<Consumer<LabHostState>> bootHooks = new CopyOnWriteArrayList<>();
  private final List<Consumer<LabHostState>> shutdownHooks = new CopyOnWriteArrayList<>();
  private volatile String hostname;
  private volatile long diskTotalKb;
  private volatile long diskFreeKb;
  private volatile String bootId;
  private Saved saved;
  private volatile java.util.function.Consumer<java.time.Duration> rebooter = d -> {
    throw new IllegalStateException("lab host state without a server cannot reboot");
  };

  private record Saved(String hostname, Map<String, String> packages, Map<String, ServiceState> services,
      long diskTotalKb, long diskFreeKb, String bootId, FileTreeSnapshot files) {
  }

  LabHostState(LabHostSpec spec, ExecutorService executor, Clock clock) {
    this.name = spec.name();
    this.os = spec.os();
    this.user = spec.user();
    this.password = spec.password();
    this.time = spec.time();
    this.hostname = spec.hostname();
    this.diskTotalKb = spec.diskTotalKb();
    this.diskFreeKb = spec.diskFreeKb();
    this.journal = new Journal(clock);
    this.processes = new LabProcesses(executor);
    this.packages.putAll(spec.packages());
    this.services.putAll(spec.services());
    // Jimfs names are JVM-wide: a unique one lets two labs (two test contexts) hold the same host
    this.fileSystem = Jimfs.newFileSystem(spec.name() + "-" + UUID.randomUUID(), Configuration.unix().toBuilder()
        .setWorkingDirectory("/root")
        .setAttributeViews("basic", "owner", "posix", "unix")
        .build());
    try {
      for (String dir : SKELETON) {
        Files.createDirectories(fileSystem.getPath(dir));
      }
      Files.writeString(fileSystem.getPath("/etc/hostname"), spec.hostname() + "\n");
      writeBootId(UUID.randomUUID().toString());
      for (var file : spec.files().entrySet()) {
        Path p = fileSystem.getPath(file.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, file.getValue(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot build the file tree of lab host " + name, e);
    }
    snapshot();
  }

  public String name() {
    return name;
  }

  public OsFamily os() {
    return os;
  }

  public String user() {
    return user;
  }

  String password() {
    return password;
  }

  public String hostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }

  /**
   * Whether the SSH server takes new connections: a Photon host (the Usage Meter appliance, where
   * the operator starts sshd on the console) whose services include {@code sshd} refuses them
   * while that service is stopped; sessions already open stay. Other hosts always accept.
   */
  public boolean acceptsNewConnections() {
    if (os != OsFamily.PHOTON) {
      return true;
    }
    ServiceState sshd = services.get("sshd");
    return sshd == null || sshd.running();
  }

  public LabTime time() {
    return time;
  }

  /** The host's in-memory filesystem (Unix paths, root {@code /}); the same one SFTP serves. */
  public FileSystem fileSystem() {
    return fileSystem;
  }

  public Path path(String absolute) {
    return fileSystem.getPath(absolute);
  }

  /** Installed packages, name to version; live and thread-safe, change it from behaviours. */
  public Map<String, String> packages() {
    return packages;
  }

  /** Services by name; live and thread-safe. */
  public Map<String, ServiceState> services() {
    return services;
  }

  public long diskTotalKb() {
    return diskTotalKb;
  }

  public long diskFreeKb() {
    return diskFreeKb;
  }

  public void setDisk(long totalKb, long freeKb) {
    this.diskTotalKb = totalKb;
    this.diskFreeKb = freeKb;
  }

  public Journal journal() {
    return journal;
  }

  public Faults faults() {
    return faults;
  }

  public LabProcesses processes() {
    return processes;
  }

  /**
   * Runs at every boot (after a reboot's down time), after enabled services were started.
   * This is where an upgrade that completes on reboot (Usage Meter) changes the model.
   */
  public void addBootHook(Consumer<LabHostState> hook) {
    bootHooks.add(hook);
  }

  /**
   * Runs when the host goes down for a reboot, before its server stops: what the rest of the
   * estate notices (a management server losing a KVM agent).
   */
  public void addShutdownHook(Consumer<LabHostState> hook) {
    shutdownHooks.add(hook);
  }

  void shutDown() {
    shutdownHooks.forEach(h -> h.accept(this));
  }

  void setRebooter(Consumer<java.time.Duration> rebooter) {
    this.rebooter = rebooter;
  }

  /**
   * Reboots the host (see {@link LabHost#reboot}): for behaviours such as {@code reboot} or an
   * upgrade script that restarts the appliance. Returns at once; the caller's session drops.
   */
  public void reboot(java.time.Duration downTime) {
    rebooter.accept(downTime);
  }

  /** Makes the current state the one {@link #reset()} returns to. */
  public synchronized void snapshot() {
    try {
      saved = new Saved(hostname, Map.copyOf(packages), Map.copyOf(services), diskTotalKb, diskFreeKb, bootId,
          FileTreeSnapshot.take(fileSystem.getPath("/")));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot snapshot lab host " + name, e);
    }
  }

  /**
   * Back to the snapshot: files, packages, services, hostname, disk and boot id as they were,
   * journal empty, faults cleared, background jobs killed.
   */
  public synchronized void reset() {
    processes.killAll();
    faults.clear();
    hostname = saved.hostname();
    diskTotalKb = saved.diskTotalKb();
    diskFreeKb = saved.diskFreeKb();
    packages.clear();
    packages.putAll(saved.packages());
    services.clear();
    services.putAll(saved.services());
    try {
      saved.files().restoreInto(fileSystem.getPath("/"));
      writeBootId(saved.bootId());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reset lab host " + name, e);
    }
    journal.clear();
  }

  /**
   * The current boot's id, a random UUID as Linux makes one; {@value #BOOT_ID_FILE} holds it.
   * Every boot (after a reboot's down time) makes a new one; a reset returns to the snapshot's.
   */
  public String bootId() {
    return bootId;
  }

  private void writeBootId(String id) throws IOException {
    Path file = fileSystem.getPath(BOOT_ID_FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, id + "\n", StandardCharsets.US_ASCII);
    bootId = id;
  }

  /** What a boot does to the model: new boot id, processes are gone, enabled services run, hooks run. */
  void boot() {
    processes.killAll();
    try {
      writeBootId(UUID.randomUUID().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the boot id of lab host " + name, e);
    }
    services.replaceAll((n, s) -> s.withRunning(s.enabled()));
    bootHooks.forEach(h -> h.accept(this));
  }

  void close() throws IOException {
    processes.killAll();
    fileSystem.close();
  }
}
