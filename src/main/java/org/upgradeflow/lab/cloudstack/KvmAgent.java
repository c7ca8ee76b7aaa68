package org.upgradeflow.lab.cloudstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.behaviour.Releases;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;

/**
 * The KVM agent on a KVM host: {@code service cloudstack-agent start} with a 4.3 agent checks
 * {@code agent.properties} and {@code environment.properties} and stays stopped (error in
 * {@code agent.log}) when they are wrong; on RHEL the old agent's {@code jsvc} survives a package
 * upgrade (the new init script has no pid file for it) and blocks the start until
 * {@code killall jsvc}.
 */
final class KvmAgent {

  static final String RESOURCE = "resource=com.cloud.hypervisor.kvm.resource.LibvirtComputingResource";
  static final String PATHS_SCRIPT = "paths.script=/usr/share/cloudstack-common";
  private static final String SHELL = "cloud.agent.AgentShell";

  private final CloudStackLab lab;

  KvmAgent(CloudStackLab lab) {
    this.lab = lab;
  }

  static Optional<String> agentVersion(LabHostState h) {
    return Optional.ofNullable(h.packages().get("cloudstack-agent"))
        .or(() -> Optional.ofNullable(h.packages().get("cloud-agent")));
  }

  static Optional<String> agentService(LabHostState h) {
    return List.of("cloudstack-agent", "cloud-agent").stream().filter(h.services()::containsKey).findFirst();
  }

  int service(CommandContext ctx, String host, LabCommand base) throws Exception {
    List<String> args = ctx.args();
    if (args.size() < 2 || !(args.get(0).equals("cloudstack-agent") || args.get(0).equals("cloud-agent"))
        || ctx.host().services().get(args.get(0)) == null) {
      return base.run(ctx);
    }
    String name = args.get(0);
    LabHostState h = ctx.host();
    switch (args.get(1)) {
      case "stop" -> {
        if (!lab.strayJsvc(host)) {
          lab.jsvc.remove(host);
        }
        int code = base.run(ctx);
        ServiceState after = h.services().get(name); // an old agent replaced by a package upgrade is gone once stopped
        if (after == null || !after.running()) {
          lab.agents.stopped(host);
        }
        return code;
      }
      case "start", "restart" -> {
        if (args.get(1).equals("restart")) {
          ctx.run("service " + name + " stop > /dev/null 2>&1");
        }
        ServiceState s = h.services().get(name);
        if (s.running()) {
          return base.run(ctx);
        }
        Optional<String> error = startError(h, host);
        if (error.isPresent()) {
          String log = (name.startsWith("cloudstack") ? "/var/log/cloudstack" : "/var/log/cloud") + "/agent/agent.log";
          CloudStackLab.appendLog(h, log, "ERROR", SHELL, error.get());
          ctx.stateChanged();
          ctx.print(CloudStackLab.initLine(h.os(), "Starting", name, false));
          return 1;
        }
        h.services().put(name, h.services().get(name).withRunning(true));
        ctx.stateChanged();
        agentVersion(h).ifPresent(v -> lab.jsvc.put(host, v));
        lab.agents.started(h, host);
        ctx.print(CloudStackLab.initLine(h.os(), "Starting", name, true));
        return 0;
      }
      default -> {
        return base.run(ctx);
      }
    }
  }

  private Optional<String> startError(LabHostState h, String host) throws Exception {
    if (h.os() == OsFamily.RHEL && lab.strayJsvc(host)) {
      return Optional.of("Unable to start agent: jsvc of agent " + lab.jsvc.get(host)
          + " is still running (PID file /var/run/cloudstack-agent.pid is gone); stop it with killall jsvc");
    }
    String version = agentVersion(h).orElse("0");
    if (Releases.compare(version, "4.3") < 0) {
      return Optional.empty();
    }
    if (!contains(h.path("/etc/cloudstack/agent/agent.properties"), RESOURCE)) {
      return Optional.of("Unable to start agent: /etc/cloudstack/agent/agent.properties does not name the resource "
          + "com.cloud.hypervisor.kvm.resource.LibvirtComputingResource: java.lang.ClassNotFoundException");
    }
    if (!contains(h.path("/etc/cloudstack/agent/environment.properties"), PATHS_SCRIPT)) {
      return Optional.of("Unable to start agent: paths.script in /etc/cloudstack/agent/environment.properties"
          + " is not /usr/share/cloudstack-common: Unable to find the scripts directory");
    }
    return Optional.empty();
  }

  private static boolean contains(Path file, String line) throws Exception {
    return Files.isRegularFile(file) && Files.readAllLines(file).stream().map(String::trim).anyMatch(line::equals);
  }

  /** At boot no old process survives: jsvc runs the installed agent when its service came up. */
  void booted(LabHostState h, String host) {
    boolean running = agentService(h).map(n -> h.services().get(n).running()).orElse(false);
    Optional<String> version = agentVersion(h);
    if (running && version.isPresent()) {
      lab.jsvc.put(host, version.get());
      lab.agents.started(h, host);
    } else {
      lab.jsvc.remove(host);
    }
  }

  /** {@code killall jsvc} also ends a stray jsvc of an old agent; other names go to the OS behaviour. */
  int killall(CommandContext ctx, String host, LabCommand base) throws Exception {
    boolean wasRunning = agentRunning(ctx.host());
    int code = killallAgent(ctx, host, base);
    if (wasRunning && !agentRunning(ctx.host())) {
      lab.agents.stopped(host); // killall jsvc ends the agent: the management server loses it
    }
    return code;
  }

  private static boolean agentRunning(LabHostState h) {
    return agentService(h).map(n -> h.services().get(n).running()).orElse(false);
  }

  private int killallAgent(CommandContext ctx, String host, LabCommand base) throws Exception {
    List<String> names = ctx.args().stream().filter(a -> !a.startsWith("-")).toList();
    if (names.contains("jsvc") && lab.jsvc.containsKey(host)) {
      boolean stray = lab.strayJsvc(host);
      lab.jsvc.remove(host);
      ctx.stateChanged();
      if (stray) {
        boolean serviceRunning = agentService(ctx.host()).map(n -> ctx.host().services().get(n).running()).orElse(false);
        if (!serviceRunning && names.size() == 1) {
          return 0;
        }
        if (!serviceRunning) {
          String rest = String.join(" ", ctx.args().stream().filter(a -> !a.equals("jsvc")).toList());
          return ctx.run("killall " + rest);
        }
      }
    }
    return base.run(ctx);
  }
}
