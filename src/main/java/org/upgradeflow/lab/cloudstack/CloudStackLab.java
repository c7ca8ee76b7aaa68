package org.upgradeflow.lab.cloudstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.behaviour.Releases;
import org.upgradeflow.lab.command.LabCommand;
import org.upgradeflow.lab.db.LabCloudDatabase;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHost;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.LabTimings;

/**
 * The CloudStack behaviours of one lab estate that need the estate (its database, its other
 * hosts): the management server's database upgrade at first start, its API answering
 * {@code curl} after a start-up delay, {@code cloudstack-sysvmadm},
 * the KVM agent's start checks and the stray {@code jsvc}. Installed on the estate's hosts as
 * host-level commands that wrap the OS-level ones; its state is attached to the estate and
 * cleared by {@link LabEstate#reset()}.
 */
public final class CloudStackLab {

  /** A management server's last start: when, and the {@code integration.api.port} it read (null: closed). */
  record ApiStart(Instant at, String integrationPort) {
  }

  /** One system VM {@code cloudstack-sysvmadm} stopped and started (or rebooted). */
  public record SystemVmRestart(long id, String name, String type, String host, Instant time) {
  }

  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
  private static final Pattern PASSWORD_ARG = Pattern.compile(
      "(\\s-p\\s*|\\s--password=)('[^']*'|\"[^\"]*\"|[^\\s;&|]+)");

  private final LabEstate estate;
  private volatile LabTimings timings;
  private final LabRepository repository;
  /** Hosts (host names) whose connections to the repository are refused: a fault, until reset. */
  private final Set<String> repositoryCut = ConcurrentHashMap.newKeySet();
  final AtomicBoolean upgrading = new AtomicBoolean();
  /** Held by a database upgrade's last writes and clearing {@link #upgrading}, and by every management server start. */
  final Object upgradeEnd = new Object();
  /** {@code integration.api.port} as the management servers last read it at start; null: closed. */
  volatile String apiPortAtLastStart;
  final Set<Long> failingSystemVms = ConcurrentHashMap.newKeySet();
  final List<SystemVmRestart> restarts = new CopyOnWriteArrayList<>();
  /** KVM host (inventory name) to the agent version its jsvc process runs; absent: no jsvc runs. */
  final Map<String, String> jsvc = new ConcurrentHashMap<>();
  /** Management server (host name) to its last start, for the API's start-up delay. */
  final Map<String, ApiStart> apiStarts = new ConcurrentHashMap<>();
  /** KVM hosts' rows following their agents. */
  final AgentConnections agents = new AgentConnections(this);
  /** 4.3 system VM template downloads running on their own (template-download time > 0). */
  private final TemplateDownloads downloads;

  private CloudStackLab(LabEstate estate, LabTimings timings, Releases releases, Duration templateDownload) {
    this.estate = estate;
    this.timings = timings;
    this.repository = new LabRepository(estate.environment().repositoryUrl(), releases);
    // the estate's lab time: every host of an estate has the same
    this.downloads = new TemplateDownloads(this::writeTemplateDownload,
        estate.host(estate.environment().hosts().get(0).name()).state().time(), templateDownload);
  }

  /**
   * Installs the behaviours on a CloudStack estate's hosts and attaches their state to it.
   *
   * @param releases what the estate's repository serves (its curl answers the metadata)
   */
  public static CloudStackLab install(LabEstate estate, LabTimings timings, Releases releases) {
    CloudStackLab lab = new CloudStackLab(estate, timings, releases, timings.templateDownload());
    estate.putExtension(CloudStackLab.class, lab);
    ManagementServer ms = new ManagementServer(lab);
    SysVmAdm sysvmadm = new SysVmAdm(lab);
    ManagementApiCurl api = new ManagementApiCurl(lab);
    KvmAgent agent = new KvmAgent(lab);
    estate.environment().hosts().forEach(h -> {
      LabHost host = estate.host(h.name());
      host.state().journal().setMasker(CloudStackLab::maskPasswords);
      if (h.role() != HostRole.XENSERVER_HOST) {
        host.commands().register("curl", api);
      }
      if (h.role() == HostRole.MANAGEMENT_SERVER) {
        LabCommand base = host.commands().find("service").orElseThrow();
        host.commands().register("service", ctx -> ms.service(ctx, base))
            .register("cloudstack-sysvmadm", sysvmadm)
            .register("cloud-sysvmadm", sysvmadm);
      } else if (h.role() == HostRole.KVM_HOST) {
        LabCommand baseService = host.commands().find("service").orElseThrow();
        LabCommand baseKill = host.commands().find("killall").orElseThrow();
        host.commands().register("service", ctx -> agent.service(ctx, h.name(), baseService))
            .register("killall", ctx -> agent.killall(ctx, h.name(), baseKill));
        host.state().addBootHook(s -> agent.booted(s, h.name()));
        host.state().addShutdownHook(s -> lab.agents.stopped(h.name()));
      }
    });
    org.upgradeflow.lab.db.DatabaseHostClients.install(estate);
    org.upgradeflow.lab.xen.XenPool.install(estate);
    lab.clear();
    estate.beforeReset(lab.downloads::stopAll);
    estate.beforeReset(lab.agents::clear); // no connect writes Up into the database after its reset
    estate.onReset(lab::clear);
    estate.addTruth("cloudstack", lab::truth);
    return lab;
  }

  public static Optional<CloudStackLab> of(LabEstate estate) {
    return estate.extension(CloudStackLab.class);
  }

  private void clear() {
    upgrading.set(false);
    apiPortAtLastStart = null;
    apiStarts.clear();
    failingSystemVms.clear();
    restarts.clear();
    agents.clear();
    repositoryCut.clear();
    jsvc.clear();
    estate.environment().hosts(HostRole.KVM_HOST).forEach(h -> {
      LabHostState s = estate.host(h.name()).state();
      KvmAgent.agentVersion(s).ifPresent(v -> {
        if (KvmAgent.agentService(s).map(n -> s.services().get(n).running()).orElse(false)) {
          jsvc.put(h.name(), v);
        }
      });
    });
  }

  public LabEstate estate() {
    return estate;
  }

  /**
   * How long things take, in real-world time (scaled by the host's lab time): from
   * {@code upgradeflow.lab.timings}, tests may set others per estate. The lab reads
   * {@link LabTimings#databaseUpgrade() databaseUpgrade}, {@link LabTimings#systemVmRestart() systemVmRestart},
   * {@link LabTimings#managementStartUp() managementStartUp} and {@link LabTimings#agentConnect() agentConnect}
   * from it; the template download time is {@link #templateDownloadTime()}, the reboot and Usage Meter
   * times are each host's {@link org.upgradeflow.lab.host.LabTime#timings()}.
   */
  public LabTimings timings() {
    return timings;
  }

  public void setTimings(LabTimings timings) {
    this.timings = timings;
  }

  /** Makes {@code cloudstack-sysvmadm} fail the system VM with this {@code vm_instance.id}. */
  public void failSystemVm(long id) {
    failingSystemVms.add(id);
  }

  public void clearSystemVmFaults() {
    failingSystemVms.clear();
  }

  /** A fault: the repository refuses this host's connections (a firewall rule) until {@link #restoreRepository} or a reset. */
  public void cutRepository(String hostName) {
    if (estate.environment().host(hostName).isEmpty()) {
      throw new IllegalArgumentException("host: no host " + hostName + " in estate " + estate.id());
    }
    repositoryCut.add(hostName);
  }

  public void restoreRepository(String hostName) {
    repositoryCut.remove(hostName);
  }

  boolean repositoryCut(String hostName) {
    return repositoryCut.contains(hostName);
  }

  LabRepository repository() {
    return repository;
  }

  /** The system VMs sysvmadm restarted since the last reset, in order. */
  public List<SystemVmRestart> restarts() {
    return List.copyOf(restarts);
  }

  /** Whether a stray jsvc of an older agent runs on this KVM host. */
  public boolean strayJsvc(String kvmHost) {
    LabHostState s = estate.host(kvmHost).state();
    if (s.os() != OsFamily.RHEL) {
      return false;
    }
    String running = jsvc.get(kvmHost);
    return running != null && !running.equals(KvmAgent.agentVersion(s).orElse(null));
  }

  /**
   * Moves the download of the 4.3 system VM template of {@code hypervisor} (KVM, XenServer,
   * VMware, Hyperv) to {@code downloadState} at {@code pct} percent: {@code template_store_ref}
   * on 4.2+, {@code template_host_ref} before. A download of that template running on its own
   * stops first: the caller's row stays. Returns the rows changed (0: not registered).
   */
  public int setTemplateDownload(String hypervisor, String downloadState, int pct) throws SQLException {
    downloads.stop(hypervisor);
    return writeTemplateDownload(hypervisor, downloadState, pct);
  }

  /**
   * Starts the download of {@code hypervisor}'s 4.3 system VM template: its row becomes
   * {@code DOWNLOAD_IN_PROGRESS} at 0 %, and with a template-download time it then moves on its
   * own to {@code DOWNLOADED} (without one, only {@link #setTemplateDownload} moves it). Returns
   * the rows changed (0: not registered, nothing starts).
   */
  public int startTemplateDownload(String hypervisor) throws SQLException {
    int n = setTemplateDownload(hypervisor, "DOWNLOAD_IN_PROGRESS", 0);
    if (n > 0) {
      downloads.start(hypervisor);
    }
    return n;
  }

  /** The real-world time a started template download takes (lab-scaled); zero: it moves only through the lab API. */
  public void setTemplateDownloadTime(Duration realWorld) {
    downloads.setDuration(realWorld);
  }

  public Duration templateDownloadTime() {
    return downloads.duration();
  }

  private int writeTemplateDownload(String hypervisor, String downloadState, int pct) throws SQLException {
    String name = "systemvm-" + hypervisor.toLowerCase(java.util.Locale.ROOT) + "-4.3";
    try (Connection c = connection()) {
      boolean storeRefs;
      try (var rs = c.getMetaData().getTables("cloud", null, "template_store_ref", null)) {
        storeRefs = rs.next();
      }
      String sql = storeRefs
          ? "UPDATE template_store_ref r JOIN vm_template t ON t.id = r.template_id SET r.download_state = ?,"
              + " r.download_pct = ?, r.state = ? WHERE t.name = ? AND t.removed IS NULL"
          : "UPDATE template_host_ref r JOIN vm_template t ON t.id = r.template_id SET r.download_state = ?,"
              + " r.download_pct = ? WHERE t.name = ? AND t.removed IS NULL";
      try (var ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setString(i++, downloadState);
        ps.setInt(i++, pct);
        if (storeRefs) {
          ps.setString(i++, storeState(downloadState));
        }
        ps.setString(i, name);
        return ps.executeUpdate();
      }
    }
  }

  /** {@code template_store_ref.state} for a download state. */
  private static String storeState(String downloadState) {
    return "DOWNLOADED".equals(downloadState) ? "Ready" : "Creating";
  }

  /**
   * What the operator does in the UI before a 4.0–4.2 upgrade for VMware: registers the 4.3
   * VMware system VM template in zone 2 (the VMware zone), downloaded at once, or with a
   * template-download time, downloading from 0 %. A copy of the XenServer template's rows, so
   * every release's columns fit. Nothing when already registered.
   */
  public void registerVmwareTemplate() throws SQLException {
    boolean downloading = !downloads.duration().isZero();
    String downloadState = downloading ? "DOWNLOAD_IN_PROGRESS" : "DOWNLOADED";
    try (Connection c = connection(); var s = c.createStatement()) {
      try (var rs = s.executeQuery("SELECT COUNT(*) FROM vm_template WHERE name = 'systemvm-vmware-4.3'")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      boolean storeRefs;
      try (var rs = c.getMetaData().getTables("cloud", null, "template_store_ref", null)) {
        storeRefs = rs.next();
      }
      String refs = storeRefs ? "template_store_ref" : "template_host_ref";
      s.execute("CREATE TEMPORARY TABLE lab_tpl AS SELECT * FROM vm_template WHERE name = 'systemvm-xenserver-4.3'");
      s.execute("UPDATE lab_tpl SET id = 203, unique_name = '203-2-lab', name = 'systemvm-vmware-4.3', uuid = 't203',"
          + " url = 'http://download.cloudstack.org/systemvm/4.3/systemvm64template-2014-01-14-master-vmware.ova',"
          + " format = 'OVA', hypervisor_type = 'VMware'");
      s.execute("INSERT INTO vm_template SELECT * FROM lab_tpl");
      s.execute("CREATE TEMPORARY TABLE lab_ref AS SELECT * FROM " + refs + " WHERE template_id = 202");
      s.execute("UPDATE lab_ref SET id = (SELECT MAX(id) + 1 FROM " + refs + "), template_id = 203, download_pct = "
          + (downloading ? 0 : 100) + ", download_state = '" + downloadState + "'"
          + (storeRefs ? ", state = '" + storeState(downloadState) + "'" : ""));
      s.execute("INSERT INTO " + refs + " SELECT * FROM lab_ref");
      s.execute("DROP TEMPORARY TABLE lab_tpl");
      s.execute("DROP TEMPORARY TABLE lab_ref");
    }
    if (downloading) {
      downloads.start("VMware");
    }
  }

  /**
   * The fault "stays Disconnected": the KVM host's row stays Disconnected whatever its agent does
   * (it is not set Disconnected by this call; stopping the agent does that). Cleared, a running
   * agent connects again after the connect delay.
   *
   * @throws IllegalArgumentException when {@code kvmHost} is not a KVM host of the estate
   */
  public void setStaysDisconnected(String kvmHost, boolean stays) {
    boolean kvm = estate.environment().hosts(HostRole.KVM_HOST).stream().anyMatch(h -> h.name().equals(kvmHost));
    if (!kvm && !stays) {
      return; // clearing every fault of a host: nothing of this kind on a host without an agent
    }
    if (!kvm) {
      throw new IllegalArgumentException("host must be a KVM host of " + estate.id() + " (only an agent connects), got '"
          + kvmHost + "'");
    }
    agents.setStaysDisconnected(estate.host(kvmHost).state(), kvmHost, stays);
  }

  /** Sets {@code host.status} of the host rows named {@code name}; returns the rows changed. */
  public int setHostStatus(String name, String status) throws SQLException {
    try (Connection c = connection(); var ps = c.prepareStatement("UPDATE host SET status = ? WHERE name = ?")) {
      ps.setString(1, status);
      ps.setString(2, name);
      return ps.executeUpdate();
    }
  }

  public boolean upgradeRunning() {
    return upgrading.get();
  }

  Optional<LabCloudDatabase> database() {
    return estate.database();
  }

  Connection connection() throws SQLException {
    return estate.database().orElseThrow(() -> new SQLException("the estate has no lab database"))
        .server().adminConnection("cloud");
  }

  Map<String, Object> truth() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("databaseUpgradeRunning", upgrading.get());
    t.put("integrationApiPortAtLastStart", apiPortAtLastStart);
    t.put("failingSystemVms", List.copyOf(failingSystemVms));
    t.put("systemVmRestarts", restarts.stream().map(r -> Map.of("id", r.id(), "name", r.name(), "type", r.type(),
        "time", r.time().toString())).toList());
    t.put("staysDisconnected", agents.staysDisconnected());
    t.put("repositoryUnreachableFrom", repositoryCut.stream().sorted().toList());
    t.put("strayJsvc", jsvc.keySet().stream().filter(this::strayJsvc).sorted().toList());
    t.put("templateDownloadsRunning", downloads.running());
    return t;
  }

  /** Masks the value after {@code -p} / {@code --password=} in journalled command lines. */
  static String maskPasswords(String line) {
    if (!line.contains("sysvmadm") && !line.contains("mysql")) {
      return line;
    }
    Matcher m = PASSWORD_ARG.matcher(line);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "****"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static void appendLog(LabHostState host, String file, String level, String category, String message) {
    Path p = host.path(file);
    String line = LocalDateTime.now().format(LOG_TIME) + " " + String.format("%-5s", level) + " [" + category
        + "] (main:null) " + message + "\n";
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An init script's start/stop line as ServiceCommands prints it. */
  static String initLine(OsFamily os, String verb, String name, boolean ok) {
    if (os == OsFamily.UBUNTU) {
      return String.format(java.util.Locale.ROOT, " * %s %s %" + Math.max(1, 60 - verb.length() - name.length())
          + "s%n", verb, name, ok ? "[ OK ]" : "[fail]");
    }
    return String.format(java.util.Locale.ROOT, "%-60s[%s]%n", verb + " " + name + ":", ok ? "  OK  " : "FAILED");
  }
}
