package org.upgradeflow.cloudstack;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.SystemVm;
import org.upgradeflow.clouddb.SystemVmType;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.JobStart;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;

/**
 * {@code cloudstack-sysvmadm -a} on the first management server as a detached job (it runs for
 * an hour or more), and its progress read from its log. Once per run: job ids are
 * {@code sysvmadm-<runId>-<attempt>}; a running or cleanly finished attempt is adopted, never
 * started again; only an attempt that failed VMs or was lost is followed by a new one, and only
 * when the caller asks for a new start (not on a retried job).
 *
 * <p>The database password reaches sysvmadm through a file on the management server (0600 in a
 * 0700 directory, written over SFTP, deleted once the job has ended, and whenever the fragment
 * ends, see {@code RemoveSysvmadmPasswordFileListener}); see
 * {@link HostCommands#restartSystemVms}.
 */
@Component
public class SystemVmRestarts {

  private static final Logger log = LoggerFactory.getLogger(SystemVmRestarts.class);

  /** The password file as the plan shows it (default secrets directory). */
  static final String PASSWORD_FILE_SHOWN = DbJobProperties.defaults().secretsDir() + "/" + "sysvmadm.pw";
  static final int MAX_ATTEMPTS = 10;
  private static final int TAIL_LINES = 20;

  // Args: directory, file. A private directory and no stale file (so no backup copy of it).
  private static final String PREPARE =
      "dir={}; f={}; umask 077; mkdir -p -- \"$dir\" && chmod 700 -- \"$dir\" && rm -f -- \"$f\"";
  private static final String PROTECT = "f={}; chmod 600 -- \"$f\" && stat -c %a -- \"$f\"";
  private static final String REMOVE = "rm -f -- {}";

  private final RemoteShell shell;
  private final CloudDatabases databases;
  private final DbJobProperties properties;

  SystemVmRestarts(RemoteShell shell, CloudDatabases databases, DbJobProperties properties) {
    this.shell = shell;
    this.databases = databases;
    this.properties = properties;
  }

  /** What {@link #start} did. */
  public record Started(String host, String jobId, boolean startedNow, int systemVmsTotal) {
  }

  /** One look at the job: running or not, and what its log says. */
  public record Progress(String jobId, boolean running, int vmsDone, int vmsTotal, List<SysvmadmLog.Failure> failures,
      String problem, String logTail) {

    public boolean failed() {
      return !running && (problem != null || !failures.isEmpty());
    }
  }

  /**
   * Starts sysvmadm unless this run's latest attempt runs or finished cleanly.
   *
   * @param knownJobId the job this fragment started before (a retried job), or null
   */
  public Started start(Environment env, String runId, String knownJobId) {
    RemoteTarget target = firstManagementServer(env);
    int total = runningSystemVms(env);
    if (knownJobId != null && shell.jobStatus(target, knownJobId, 1).state() != JobStatus.State.NOT_FOUND) {
      return new Started(target.name(), knownJobId, false, total);
    }
    String prefix = "sysvmadm-" + runId + "-";
    int latest = 0;
    JobStatus latestStatus = null;
    for (int n = 1; n <= MAX_ATTEMPTS; n++) {
      JobStatus s = shell.jobStatus(target, prefix + n, 1);
      if (s.state() == JobStatus.State.NOT_FOUND) {
        break;
      }
      latest = n;
      latestStatus = s;
    }
    if (latestStatus != null && (latestStatus.state() == JobStatus.State.RUNNING
        || latestStatus.succeeded() && !poll(env, latestStatus.jobId()).failed())) {
      log.info("{}: sysvmadm job {} runs or finished cleanly; not started again", target.name(), latestStatus.jobId());
      return new Started(target.name(), latestStatus.jobId(), false, total);
    }
    if (latest >= MAX_ATTEMPTS) {
      throw new IllegalStateException("sysvmadm was started " + MAX_ATTEMPTS + " times in run " + runId
          + "; see " + prefix + "1.." + MAX_ATTEMPTS + " on " + target.name());
    }
    String jobId = prefix + (latest + 1);
    writePasswordFile(target, env.database());
    JobStart started = shell.startJob(target, jobId, HostCommands.restartSystemVms(env.database().host(),
        env.database().user(), passwordFile(), logFile(jobId)));
    log.info("{}: sysvmadm job {} {}", target.name(), jobId, started.started() ? "started" : "was started before");
    return new Started(target.name(), jobId, started.started(), total);
  }

  /** Reads the job's state and its log; removes the password file once the job has ended. */
  public Progress poll(Environment env, String jobId) {
    RemoteTarget target = firstManagementServer(env);
    JobStatus status = shell.jobStatus(target, jobId, TAIL_LINES);
    String logText = readLog(target, logFile(jobId));
    SysvmadmLog.Progress progress = SysvmadmLog.read(logText);
    boolean running = status.state() == JobStatus.State.RUNNING;
    String problem = null;
    if (!running) {
      removePasswordFile(target);
      if (status.state() == JobStatus.State.NOT_FOUND) {
        problem = "no sysvmadm job " + jobId + " on " + target.name();
      } else if (status.state() == JobStatus.State.LOST) {
        problem = "sysvmadm (job " + jobId + ") ended without an exit code (killed, or the host rebooted)";
      } else if (!status.succeeded()) {
        problem = "sysvmadm (job " + jobId + ") exited with " + status.exitCode();
      } else if (!progress.finished()) {
        problem = "sysvmadm (job " + jobId + ") ended before reporting all three groups (system VMs, console"
            + " proxies, routers)";
      }
    }
    String tail = lastLines(logText, TAIL_LINES) + (status.logTail() == null || status.logTail().isBlank() ? ""
        : "\n" + status.logTail().strip());
    return new Progress(jobId, running, progress.vmsDone(), progress.vmsTotal(), progress.failures(), problem,
        tail.strip());
  }

  /**
   * Removes the password file from the management server sysvmadm runs on; nothing when it is
   * gone already. sysvmadm read it when it started ({@code $(cat FILE)}), so a running job is
   * not disturbed: a run that ends while sysvmadm runs (cancelled) or after it failed leaves no
   * password behind.
   */
  public void removePasswordFile(Environment env) {
    removePasswordFile(firstManagementServer(env));
  }

  private void removePasswordFile(RemoteTarget target) {
    shell.exec(target, ShellCommand.of(REMOVE, ShellArg.path(passwordFile()))).requireSuccess();
  }

  /** System VMs and routers that sysvmadm -a will restart: the running ones of every type. */
  int runningSystemVms(Environment env) {
    Map<SystemVmType, List<SystemVm>> vms = databases.forEnvironment(env).runningSystemVms();
    return vms.values().stream().mapToInt(List::size).sum();
  }

  String passwordFile() {
    return properties.secretsDir() + "/sysvmadm.pw";
  }

  static String logFile(String jobId) {
    return "/var/log/cloudstack/management/" + jobId + ".log";
  }

  private void writePasswordFile(RemoteTarget target, DatabaseEndpoint db) {
    String file = passwordFile();
    shell.exec(target, ShellCommand.of(PREPARE, ShellArg.path(properties.secretsDir()), ShellArg.path(file)))
        .requireSuccess();
    shell.writeFile(target, file, db.password().reveal());
    String mode = shell.exec(target, ShellCommand.of(PROTECT, ShellArg.path(file))).requireSuccess().stdout().strip();
    if (!mode.equals("600")) {
      shell.exec(target, ShellCommand.of(REMOVE, ShellArg.path(file)));
      throw new RemoteShellException(target.name() + ": " + file + " has mode " + mode + " after chmod 600; removed it");
    }
  }

  private String readLog(RemoteTarget target, String file) {
    try {
      return shell.readFile(target, file);
    } catch (RemoteShellException e) {
      return ""; // not written yet: sysvmadm writes its first line after reading the VM list
    }
  }

  private static String lastLines(String text, int n) {
    String[] lines = text.split("\\R");
    int from = Math.max(0, lines.length - n);
    return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
  }

  static RemoteTarget firstManagementServer(Environment env) {
    List<Host> servers = env.hosts(HostRole.MANAGEMENT_SERVER);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("environment " + env.id() + " lists no management server");
    }
    return RemoteTarget.of(env, servers.get(0).name());
  }
}
