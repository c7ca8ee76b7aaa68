package org.upgradeflow.cloudstack;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Where the database upgrade started by the first management server stands. The {@code version}
 * table is the authority (done when its current version is the release the management package
 * now carries); the log's failure lines stop the run with the log tail as evidence.
 */
@Component
class DatabaseUpgradeWatch {

  static final int TAIL_LINES = 200;
  private static final int EVIDENCE_LINES = 40;

  /** @param logTail the last lines of the log, for evidence; @param failure the lines that explain a failure */
  record Observation(DatabaseUpgradeLog.State state, String databaseVersion, String codeVersion, List<String> failure,
      String logTail) {
  }

  private final RemoteShell shell;
  private final CloudDatabases databases;

  DatabaseUpgradeWatch(RemoteShell shell, CloudDatabases databases) {
    this.shell = shell;
    this.databases = databases;
  }

  Observation observe(Environment env, Host firstManagementServer) {
    RemoteTarget target = RemoteTarget.of(env, firstManagementServer.name());
    ExecResult installed = shell.exec(target, HostCommands.installedVersion(firstManagementServer.os(),
        Naming.CURRENT.managementPackage()));
    String code = installed.ok() && !installed.stdout().isBlank()
        ? CloudStackVersion.parse(installed.stdout().strip()).toString() : null;
    Optional<String> db = databases.forEnvironment(env).currentVersion();
    ExecResult tail = shell.exec(target, HostCommands.tail(Naming.CURRENT.managementLog(), TAIL_LINES));
    String log = tail.ok() ? tail.stdout() : "";
    DatabaseUpgradeLog.Status status = DatabaseUpgradeLog.read(log, code == null ? "?" : code);
    DatabaseUpgradeLog.State state = status.state();
    if (state != DatabaseUpgradeLog.State.FAILED && code != null && db.isPresent()
        && CloudStackVersion.parse(db.get()).toString().equals(code)) {
      state = DatabaseUpgradeLog.State.COMPLETED;
    } else if (state == DatabaseUpgradeLog.State.COMPLETED || state == DatabaseUpgradeLog.State.NOT_NEEDED) {
      // the log says done but the version table does not (yet): the table decides
      state = DatabaseUpgradeLog.State.RUNNING;
    }
    return new Observation(state, db.orElse(null), code, status.failure(), lastLines(log, EVIDENCE_LINES));
  }

  private static String lastLines(String text, int n) {
    String[] lines = text.split("\\R");
    int from = Math.max(0, lines.length - n);
    return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
  }
}
