package org.upgradeflow.cloudstack;

import java.util.List;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * The CloudStack services of a rollback: stopped before the database is restored, whichever
 * release's names the host has at that point (the run may have stopped anywhere), and the
 * source release's started at the end. Check, then act, through {@link HostServices}.
 */
@Component
public class RollbackServices {

  private static final int LSB_RUNNING = 0;
  private static final int LSB_STOPPED = 3;

  private final RemoteShell shell;
  private final HostServices services;

  RollbackServices(RemoteShell shell, HostServices services) {
    this.shell = shell;
    this.services = services;
  }

  /** Management servers, usage servers and KVM agents stopped, under either release's names. */
  public void stopAll(Environment env) {
    for (HostRole role : List.of(HostRole.MANAGEMENT_SERVER, HostRole.USAGE_SERVER, HostRole.KVM_HOST)) {
      for (Host h : env.hosts(role)) {
        for (Naming naming : Naming.values()) {
          String service = serviceOf(naming, role);
          if (installed(env, h, service)) {
            services.ensureStopped(env, h.name(), service);
          }
        }
      }
    }
  }

  /** The source release's services started: agents first, then management, then usage servers. */
  public void startAll(Environment env, Naming naming) {
    for (HostRole role : List.of(HostRole.KVM_HOST, HostRole.MANAGEMENT_SERVER, HostRole.USAGE_SERVER)) {
      for (Host h : env.hosts(role)) {
        services.ensureRunning(env, h.name(), serviceOf(naming, role));
      }
    }
  }

  private boolean installed(Environment env, Host host, String service) {
    int status = shell.exec(RemoteTarget.of(env, host.name()), HostCommands.serviceStatus(service)).exitStatus();
    return status == LSB_RUNNING || status == LSB_STOPPED;
  }

  private static String serviceOf(Naming naming, HostRole role) {
    return switch (role) {
      case MANAGEMENT_SERVER -> naming.managementService();
      case USAGE_SERVER -> naming.usageService();
      case KVM_HOST -> naming.agentService();
      default -> throw new IllegalArgumentException("no CloudStack service on a " + role);
    };
  }
}
