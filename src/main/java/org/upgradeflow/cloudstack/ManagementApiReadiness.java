package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Whether the management server that runs sysvmadm answers on its integration API yet. A started
 * management server needs a minute or two before Tomcat opens 8096; sysvmadm started earlier
 * fails every VM. One short look per call (the caller polls with timers), on the first management
 * server: sysvmadm runs there and talks to its own 127.0.0.1.
 */
@Component
class ManagementApiReadiness {

  private static final int LOG_LINES = 20;

  private final RemoteShell shell;

  ManagementApiReadiness(RemoteShell shell) {
    this.shell = shell;
  }

  /** @param httpStatus what curl printed ("000" when the port is not open); @param exitCode curl's */
  record Look(String host, String httpStatus, int exitCode) {

    boolean answers() {
      return "200".equals(httpStatus);
    }
  }

  Look look(Environment env) {
    RemoteTarget target = SystemVmRestarts.firstManagementServer(env);
    ExecResult curl = shell.exec(target, HostCommands.managementApiStatus(IntegrationPort.SYSVMADM_PORT));
    String status = curl.stdout().strip();
    return new Look(target.name(), status.isEmpty() ? "000" : status, curl.exitStatus());
  }

  /** The end of the management server's log, for the evidence when it never answers. */
  String logTail(Environment env) {
    RemoteTarget target = SystemVmRestarts.firstManagementServer(env);
    ExecResult tail = shell.exec(target, HostCommands.tail(Naming.CURRENT.managementLog(), LOG_LINES));
    return tail.ok() ? tail.stdout() : "";
  }
}
