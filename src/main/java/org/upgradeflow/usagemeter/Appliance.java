package org.upgradeflow.usagemeter;

import java.util.List;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.Product;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.HostProbe;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellArg;
import org.upgradeflow.remote.ShellCommand;
import org.upgradeflow.remote.UploadResult;

/**
 * The appliance's commands as the procedures give them (facts/usage-meter.md), each from a fixed
 * template, and the reads that make every step check-then-act: installed version, mounts, sshd
 * state, status.sh. The one place that knows the appliance's paths.
 */
@Component
class Appliance {

  static final String INSTALL_DIR = "/opt/vmware/cloudusagemetering";
  static final String MOUNT_POINT = "/root/upgrade";
  static final String CDROM = "/dev/cdrom";
  static final String UPGRADE_SCRIPT = MOUNT_POINT + "/upgrade-um.sh";
  static final String SHAR_FILE = "ums-system-upgrade.shar";
  static final String SHAR_PATH = INSTALL_DIR + "/" + SHAR_FILE;
  static final String SHAR_LOG_DIR = INSTALL_DIR + "/var/logs";
  static final String LOG_45 = "/opt/vmware/var/log/um-upgrade.log";
  static final String LOG_47 = "/opt/vmware/var/logs/um-upgrade.log";
  static final String PROXY_FILE = "/etc/sysconfig/proxy";
  /** Where the service keeps its markers on the appliance (upload target of the ISO too). */
  static final String WORK_DIR = "/var/tmp/upgradeflow";

  private static final ShellCommand VERSION =
      ShellCommand.of("rpm -q --qf '%{VERSION}' vmware-cloudusagemetering");
  private static final String STATUS = "cd {} && bash scripts/status.sh";
  private static final String FREE = "df -Pk {}";
  private static final String MOUNTED = "mountpoint -q {}";
  private static final String MOUNT = "mkdir -p {} && mount -o loop {} {}";
  private static final ShellCommand SSHD_ENABLED = ShellCommand.of("systemctl is-enabled sshd");
  private static final ShellCommand SSHD_ACTIVE = ShellCommand.of("systemctl is-active sshd");
  private static final ShellCommand ENABLE_SSHD = ShellCommand.of("systemctl enable sshd");
  private static final ShellCommand STOP_SSHD_SERVICE = ShellCommand.of("service sshd stop");
  private static final ShellCommand STOP_SSHD = ShellCommand.of("systemctl stop sshd");
  private static final ShellCommand DISABLE_SSHD = ShellCommand.of("systemctl disable sshd");
  private static final ShellCommand REBOOT = ShellCommand.of("reboot");
  private static final ShellCommand HOSTNAME = ShellCommand.of("hostname");
  private static final String EXISTS = "test -e {}";
  private static final String MARK = "mkdir -p {} && touch {}";
  private static final String TAIL = "tail -n {} {}";
  private static final String WORK = "mkdir -p {}";
  private static final String LIST = "ls {}";
  private static final String SHA1 = "sha1sum {}";
  /** sha1sum prints one line, or one error line */
  private static final int SHA1_TAIL_LINES = 5;
  private static final String GREP = "grep -F -e {} {}";
  /** {@code [u]}: the pattern does not match the command line of the shell that runs pgrep */
  private static final ShellCommand UPGRADE_SCRIPT_PROCESS = ShellCommand.of("pgrep -f {}", ShellArg.text("[u]pgrade-um\\.sh"));

  private final EnvironmentRegistry environments;
  private final RemoteShell shell;

  Appliance(EnvironmentRegistry environments, RemoteShell shell) {
    this.environments = environments;
    this.shell = shell;
  }

  RemoteShell shell() {
    return shell;
  }

  Environment environment(String environmentId) {
    Environment env = environments.get(environmentId);
    if (env.product() != Product.USAGEMETER) {
      throw new IllegalArgumentException("environmentId: " + environmentId + " is a "
          + env.product().name().toLowerCase() + " environment, expected a Usage Meter one");
    }
    return env;
  }

  /** The environment's Usage Meter appliance (the procedures upgrade one appliance). */
  RemoteTarget target(String environmentId) {
    Environment env = environment(environmentId);
    List<org.upgradeflow.environment.Host> appliances = env.hosts(HostRole.USAGE_METER_APPLIANCE);
    if (appliances.isEmpty()) {
      throw new IllegalArgumentException("environment " + environmentId + ": appliances: expected one Usage Meter appliance");
    }
    return RemoteTarget.of(env, appliances.get(0).name());
  }

  HostProbe probe(RemoteTarget t) {
    return shell.probe(t);
  }

  /** The installed release, e.g. {@code 4.4.0.0}. */
  String installedVersion(RemoteTarget t) {
    ExecResult r = shell.exec(t, VERSION);
    String v = r.stdout().strip();
    if (!r.ok() || !v.matches("\\d+(\\.\\d+){1,3}")) {
      throw new RemoteShellException(t.name() + ": cannot read the Usage Meter version (" + VERSION + " exited "
          + r.exitStatus() + ": " + (r.stdout() + r.stderr()).strip() + ")");
    }
    return v;
  }

  /** status.sh's whole output; its first line is {@code Running} or {@code Offline}. */
  String status(RemoteTarget t) {
    return shell.exec(t, ShellCommand.of(STATUS, ShellArg.path(INSTALL_DIR))).stdout().strip();
  }

  long freeKilobytes(RemoteTarget t, String path) {
    String out = shell.exec(t, ShellCommand.of(FREE, ShellArg.path(path))).requireSuccess().stdout();
    String[] lines = out.strip().split("\\R");
    String[] columns = lines[lines.length - 1].trim().split("\\s+");
    if (lines.length < 2 || columns.length < 6) {
      throw new RemoteShellException(t.name() + ": df -Pk " + path + ": unexpected output '" + out.strip() + "'");
    }
    return Long.parseLong(columns[3]);
  }

  /**
   * Uploads a verified file (skipped when it is there already) and checks that the digest the
   * appliance computed is the one verified in the service. Takes as long as the transfer: call it
   * from {@link ApplianceUploads}' thread, never from a job.
   *
   * @return what was done, for the run's variables
   */
  String uploadVerified(RemoteTarget t, java.nio.file.Path file, String remotePath, Checksum checksum, String verified) {
    UploadResult r = shell.upload(t, file, remotePath, checksum);
    if (!r.digest().equalsIgnoreCase(verified)) {
      throw new ArtifactVerificationException(file.getFileName() + ": " + checksum + " on " + t.name() + " is "
          + r.digest() + " but the verified file's is " + verified);
    }
    return (r.skipped() ? "already on " : "uploaded to ") + t.name() + ":" + remotePath + " (" + r.size() + " bytes, "
        + checksum + " " + r.digest() + ")";
  }

  boolean isoMounted(RemoteTarget t) {
    return shell.exec(t, ShellCommand.of(MOUNTED, ShellArg.path(MOUNT_POINT))).ok();
  }

  /** {@code mkdir /root/upgrade; mount -o loop SOURCE /root/upgrade}; the result says why it failed. */
  ExecResult mountIso(RemoteTarget t, String source) {
    return shell.exec(t, ShellCommand.of(MOUNT, ShellArg.path(MOUNT_POINT), ShellArg.path(source),
        ShellArg.path(MOUNT_POINT)));
  }

  /**
   * {@code sha1sum PATH} as a detached job (reading a 1 GB CD-ROM may take longer than a job may
   * run), its output in the job's log; a job id is started at most once per host.
   *
   * @return the job's state, exit code and the last lines of its output
   */
  JobStatus sha1Job(RemoteTarget t, String jobId, String path) {
    shell.startJob(t, jobId, ShellCommand.of(SHA1, ShellArg.path(path)));
    return shell.jobStatus(t, jobId, SHA1_TAIL_LINES);
  }

  /** Whether an upgrade-um.sh process runs on the appliance ({@code pgrep -f}: 0 found, 1 none). */
  boolean upgradeScriptRunning(RemoteTarget t) {
    ExecResult r = shell.exec(t, UPGRADE_SCRIPT_PROCESS);
    if (r.exitStatus() > 1) {
      throw new RemoteShellException(t.name() + ": " + UPGRADE_SCRIPT_PROCESS + " exited " + r.exitStatus() + ": "
          + (r.stdout() + r.stderr()).strip());
    }
    return r.ok();
  }

  boolean sshdEnabled(RemoteTarget t) {
    return shell.exec(t, SSHD_ENABLED).stdout().strip().equals("enabled");
  }

  boolean sshdActive(RemoteTarget t) {
    return shell.exec(t, SSHD_ACTIVE).stdout().strip().equals("active");
  }

  void enableSshd(RemoteTarget t) {
    shell.exec(t, ENABLE_SSHD).requireSuccess();
  }

  /** 4.3's {@code service sshd stop}, or 4.5/4.7's {@code systemctl stop sshd}. */
  void stopSshd(RemoteTarget t, boolean serviceCommand) {
    shell.exec(t, serviceCommand ? STOP_SSHD_SERVICE : STOP_SSHD).requireSuccess();
  }

  void disableSshd(RemoteTarget t) {
    shell.exec(t, DISABLE_SSHD).requireSuccess();
  }

  /** Sends {@code reboot}; a host going down may drop the session before the exit status arrives. */
  void reboot(RemoteTarget t) {
    try {
      shell.exec(t, REBOOT);
    } catch (RemoteShellException dropped) {
      // the connection ends with the reboot, as a real one does
    } finally {
      shell.disconnect(t);
    }
  }

  String hostname(RemoteTarget t) {
    return shell.exec(t, HOSTNAME).requireSuccess().stdout().strip();
  }

  boolean exists(RemoteTarget t, String path) {
    return shell.exec(t, ShellCommand.of(EXISTS, ShellArg.path(path))).ok();
  }

  /** A marker file under {@link #WORK_DIR}: proof on the appliance that a step once started. */
  void mark(RemoteTarget t, String marker) {
    shell.exec(t, ShellCommand.of(MARK, ShellArg.path(WORK_DIR), ShellArg.path(marker))).requireSuccess();
  }

  void ensureWorkDir(RemoteTarget t) {
    shell.exec(t, ShellCommand.of(WORK, ShellArg.path(WORK_DIR))).requireSuccess();
  }

  /** The file's last lines, or a note that it is missing. */
  String tail(RemoteTarget t, String path, int lines) {
    ExecResult r = shell.exec(t, ShellCommand.of(TAIL, ShellArg.integer(lines), ShellArg.path(path)));
    return r.ok() ? r.stdout() : "(" + path + " cannot be read: " + r.stderr().strip() + ")";
  }

  /** The file's lines holding {@code text}; empty when none does or the file is missing. */
  String grep(RemoteTarget t, String text, String path) {
    ExecResult r = shell.exec(t, ShellCommand.of(GREP, ShellArg.text(text), ShellArg.path(path)));
    return r.ok() ? r.stdout() : "";
  }

  List<String> list(RemoteTarget t, String dir) {
    ExecResult r = shell.exec(t, ShellCommand.of(LIST, ShellArg.path(dir)));
    return r.ok() ? r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList() : List.of();
  }
}
