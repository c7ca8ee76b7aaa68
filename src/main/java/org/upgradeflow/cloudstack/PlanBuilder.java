package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.ShellCommand;

/**
 * Renders the plan of a 4.x path from the environment and the estate's facts, with the same
 * command templates the steps send ({@link HostCommands}), in the order of the guide's section.
 */
public final class PlanBuilder {

  static final String SYSVM_LOG = "/var/log/cloudstack/management/sysvm.log";
  static final String VHD_UTIL = "/usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver/vhd-util";

  private final Environment env;
  private final EstateFacts facts;
  private final UpgradePath path;
  private final Naming from;
  private final List<UpgradePlan.Step> steps = new ArrayList<>();

  private PlanBuilder(Environment env, EstateFacts facts) {
    this.env = env;
    this.facts = facts;
    this.path = UpgradePaths.forSource(facts.version());
    this.from = Naming.of(facts.version());
  }

  /** @throws UpgradePaths.UnsupportedSourceException for a version without a path */
  public static UpgradePlan plan(Environment env, EstateFacts facts) {
    return new PlanBuilder(env, facts).build();
  }

  private UpgradePlan build() {
    if (path == UpgradePath.FROM_30X || path == UpgradePath.FROM_2214) {
      throw new UpgradePaths.UnsupportedSourceException(facts.version(),
          "CloudStack " + facts.version() + " needs path " + path.processId() + ", which is not automated yet");
    }
    boolean minorUpgrade = path == UpgradePath.FROM_42X || path == UpgradePath.FROM_41X || path == UpgradePath.FROM_40X;
    String target = path.targetVersion().substring(0, 3);
    Naming to = Naming.CURRENT;

    step("Gate_ApprovePlan", "Change managers approve this plan", gate("all", "approve the plan (four-eyes)"));
    if (minorUpgrade) {
      step("Gate_SystemVmTemplates", "4.3 system VM templates READY for every hypervisor in use",
          gate("all", "templates " + facts.hypervisors() + " READY in every zone, or override with a reason"));
    }
    step("Task_StopManagementServers", "Stop all management servers",
        each(HostRole.MANAGEMENT_SERVER, h -> command(h, HostCommands.serviceStop(from.managementService()))));
    step("Task_StopUsageServers", "Stop the usage servers",
        each(HostRole.USAGE_SERVER, h -> command(h, HostCommands.serviceStop(from.usageService()))));
    List<UpgradePlan.Action> backup = new ArrayList<>();
    String dbHost = name(HostRole.DATABASE_HOST);
    backup.add(new UpgradePlan.Action(dbHost, "command", "mysqldump cloud (detached), verify '-- Dump completed', size, sha256"));
    if (!minorUpgrade) {
      backup.add(new UpgradePlan.Action(dbHost, "command", "mysqldump cloud_usage (detached), verify the same way"));
    }
    step("CallActivity_BackupDatabase", "Back up the database and verify the backup", backup);
    if (!facts.poolsToFix().isEmpty()) {
      step("Task_FixLocalStoragePaths", "KVM local storage: remove trailing slashes",
          facts.poolsToFix().stream().map(p -> new UpgradePlan.Action("database", "database",
              "storage_pool " + p.id() + " path " + p.path() + " -> " + p.fixedPath())).toList());
    }
    List<UpgradePlan.Action> packages = new ArrayList<>();
    for (Host h : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      packages.add(repository(h, target));
      packages.add(command(h, from == Naming.LEGACY
          ? HostCommands.installPackage(h.os(), to.managementPackage())
          : HostCommands.upgradePackage(h.os(), to.managementPackage())));
    }
    step("Task_UpgradeManagementPackages", "Point the repository at " + target
        + " and upgrade the management server packages (keep configuration files)", packages);
    List<UpgradePlan.Action> usage = new ArrayList<>();
    for (Host h : env.hosts(HostRole.USAGE_SERVER)) {
      usage.add(repository(h, target));
      usage.add(command(h, from == Naming.LEGACY
          ? HostCommands.installPackage(h.os(), to.usagePackage())
          : HostCommands.upgradePackage(h.os(), to.usagePackage())));
    }
    step("Task_UpgradeUsagePackages", "Point the repository at " + target + " and upgrade the usage server packages",
        usage);
    if (facts.vmwarePasswordRows() > 0) {
      step("Task_ReencryptVmwarePasswords", "VMware: encrypt vCenter passwords with the management key",
          List.of(new UpgradePlan.Action("database", "database", facts.vmwarePasswordRows()
              + " rows of cluster_details / vmware_data_center, each encrypted exactly once (key read from "
              + to.managementKeyFile() + ", never shown)")));
    }
    if (path == UpgradePath.FROM_40X) {
      step("Gate_ComponentsXml", "Carry components.xml changes over to componentContext.xml",
          gate("all", "confirm customisations of /etc/cloud/management/components.xml are carried over"));
      step("Gate_ApiAuthenticator", "Keep MD5-hashed API passwords working?",
          gate("all", "choose the API authenticator (md5-compatible or default)"));
      step("Task_ApplyApiAuthenticator", "Apply the API authenticator choice",
          each(HostRole.MANAGEMENT_SERVER, h -> new UpgradePlan.Action(h.name(), "file",
              "/etc/cloudstack/management/componentContext.xml: user authenticators per the choice (backup kept)")));
    }
    List<Host> managementServers = env.hosts(HostRole.MANAGEMENT_SERVER);
    List<UpgradePlan.Action> start = new ArrayList<>();
    for (int i = 0; i < managementServers.size(); i++) {
      Host h = managementServers.get(i);
      start.add(command(h, HostCommands.serviceStart(to.managementService())));
      if (i == 0) {
        start.add(new UpgradePlan.Action(h.name(), "wait", "database upgrade to " + path.targetVersion()
            + ": version table and 'Upgrade completed for version' in " + to.managementLog()));
      }
    }
    step("CallActivity_StartManagementServers", "Start the first management server alone, then the others", start);
    step("Task_StartUsageServers", "Start the usage servers",
        each(HostRole.USAGE_SERVER, h -> command(h, HostCommands.serviceStart(to.usageService()))));
    List<UpgradePlan.Action> kvm = new ArrayList<>();
    for (Host h : env.hosts(HostRole.KVM_HOST)) {
      kvm.add(repository(h, target));
      kvm.add(command(h, HostCommands.serviceStop(from.agentService())));
      kvm.add(command(h, KvmAgentUpgrade.upgradeCommand(h.os(), from)));
      kvm.add(new UpgradePlan.Action(h.name(), "file", to.agentEnvironmentProperties() + ": ensure "
          + AgentProperties.PATHS_SCRIPT));
      if (h.os() == OsFamily.RHEL) {
        kvm.add(command(h, HostCommands.killJsvc()));
      }
      kvm.add(command(h, HostCommands.serviceStart(to.agentService())));
    }
    step("CallActivity_UpgradeKvmHosts", "KVM hosts: stop agent, upgrade (kept configuration), paths.script, start"
        + " (in batches of maxParallelHosts; a failed host stops the next batch)", kvm);
    if (minorUpgrade) {
      List<UpgradePlan.Action> sysvm = new ArrayList<>();
      Host first = managementServers.get(0);
      if (facts.integrationApiPort().filter(p -> p == 8096).isEmpty()) {
        sysvm.add(new UpgradePlan.Action("database", "database", "integration.api.port "
            + facts.integrationApiPort().map(String::valueOf).orElse("NULL") + " -> 8096, then restart management servers"));
      }
      sysvm.add(command(first, HostCommands.managementApiStatus(IntegrationPort.SYSVMADM_PORT)));
      sysvm.add(new UpgradePlan.Action(first.name(), "wait", "repeat (timer polls) until it prints 200"));
      sysvm.add(command(first, HostCommands.restartSystemVms(env.database().host(), env.database().user(),
          SystemVmRestarts.PASSWORD_FILE_SHOWN, SYSVM_LOG)));
      sysvm.add(new UpgradePlan.Action(first.name(), "wait", "follow " + SYSVM_LOG + " (timer polls), fail on ERROR: lines"));
      step("CallActivity_RestartSystemVms", "Restart system VMs and routers (an hour or more)", sysvm);
    }
    if (facts.uses("XenServer")) {
      step("Task_CopyVhdUtil", "XenServer: copy vhd-util to every management server",
          each(HostRole.MANAGEMENT_SERVER, h -> new UpgradePlan.Action(h.name(), "upload", "vhd-util -> " + VHD_UTIL
              + " (size and checksum verified)")));
    }
    List<UpgradePlan.Action> end = new ArrayList<>();
    if (minorUpgrade && facts.integrationApiPort().filter(p -> p == 8096).isEmpty()) {
      end.add(new UpgradePlan.Action("database", "database", "integration.api.port back to "
          + facts.integrationApiPort().map(String::valueOf).orElse("NULL") + ", restart management servers"));
    }
    end.add(new UpgradePlan.Action("all", "wait", "verify every management server runs " + path.targetVersion()
        + " and every KVM agent is Up; write the summary"));
    step("Task_WriteSummary", "Close port 8096 if this run opened it, verify, summarise", end);
    return new UpgradePlan(env.id(), path.processId(), facts.version().toString(), path.targetVersion(), List.copyOf(steps));
  }

  private UpgradePlan.Action repository(Host h, String target) {
    return new UpgradePlan.Action(h.name(), "file", RepositoryFile.path(h.os()) + ": point at "
        + env.repositoryUrl() + " " + target + " (backup kept next to the file)");
  }

  private String name(HostRole role) {
    return env.hosts(role).stream().findFirst().map(Host::name).orElse("(none)");
  }

  private List<UpgradePlan.Action> each(HostRole role, java.util.function.Function<Host, UpgradePlan.Action> action) {
    return env.hosts(role).stream().map(action).toList();
  }

  private static UpgradePlan.Action command(Host host, ShellCommand command) {
    return new UpgradePlan.Action(host.name(), "command", command.toString());
  }

  private static List<UpgradePlan.Action> gate(String host, String decision) {
    return List.of(new UpgradePlan.Action(host, "gate", decision));
  }

  private void step(String id, String title, List<UpgradePlan.Action> actions) {
    if (!actions.isEmpty()) {
      steps.add(new UpgradePlan.Step(steps.size() + 1, id, title, List.copyOf(actions)));
    }
  }
}
