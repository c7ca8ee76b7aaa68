package org.upgradeflow.cloudstack;

import static org.upgradeflow.remote.ShellArg.path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;
import org.upgradeflow.remote.ShellCommand;
import org.upgradeflow.remote.UploadResult;

/**
 * The guide's last step for XenServer estates: {@code vhd-util} (the guide says "vhd-utils"; the
 * file CloudStack's XenServer scripts call is {@code vhd-util}) into
 * {@code /usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver} on every management server,
 * executable. The file comes from the configured artifact location; its SHA-256 is checked
 * against the configured one before anything is copied and verified on each target after the
 * upload. An identical file already there is not copied again, a right mode not set again.
 */
@Component
public class VhdUtilCopy {

  public static final String FILE_NAME = "vhd-util";
  public static final String DIRECTORY = "/usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver";
  public static final String REMOTE_PATH = DIRECTORY + "/" + FILE_NAME;
  static final String MODE = "755";

  /** What happened on one management server. */
  public record Copied(String host, boolean uploaded, boolean modeSet, String sha256) {
    @Override
    public String toString() {
      return host + ": " + REMOTE_PATH + (uploaded ? " copied" : " already identical") + ", sha256 " + sha256
          + (modeSet ? ", mode set to " + MODE : ", mode " + MODE);
    }
  }

  private final RemoteShell shell;
  private final CloudDatabases databases;
  private final KvmHostsProperties properties;

  VhdUtilCopy(RemoteShell shell, CloudDatabases databases, KvmHostsProperties properties) {
    this.shell = shell;
    this.databases = databases;
    this.properties = properties;
  }

  /** Whether a hypervisor host of the estate's database is a XenServer. */
  public boolean xenServerInUse(Environment env) {
    return databases.forEnvironment(env).hypervisorsInUse().values().stream().anyMatch(s -> s.contains("XenServer"));
  }

  /** The local file: {@code upgradeflow.cloudstack.vhd-util}, else vhd-util in the environment's artifacts directory. */
  Path artifact(Environment env) {
    Path file = properties.vhdUtil();
    String field = "upgradeflow.cloudstack.vhd-util";
    if (file == null) {
      String artifacts = env.artifacts();
      if (artifacts == null || artifacts.isBlank() || artifacts.contains("://")) {
        throw new IllegalStateException(field + ": not set, and environment " + env.id()
            + " has no local artifacts directory (artifacts: " + artifacts + ") to take " + FILE_NAME + " from");
      }
      file = Path.of(artifacts, FILE_NAME);
      field = "environment " + env.id() + " artifacts";
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(field + ": expected the " + FILE_NAME + " file at " + file + ", found none");
    }
    return file;
  }

  public List<Copied> copy(Environment env) {
    Path file = artifact(env);
    String digest = sha256(file);
    String expected = properties.vhdUtilSha256();
    if (expected != null && !expected.isBlank() && !expected.toLowerCase(Locale.ROOT).equals(digest)) {
      throw new IllegalStateException("upgradeflow.cloudstack.vhd-util-sha256: " + file + " has SHA-256 " + digest
          + ", not the expected " + expected.toLowerCase(Locale.ROOT) + "; not copied anywhere");
    }
    List<Copied> copied = new ArrayList<>();
    for (Host ms : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      RemoteTarget target = RemoteTarget.of(env, ms.name());
      if (!shell.exec(target, ShellCommand.of("test -d {}", path(DIRECTORY))).ok()) {
        throw new IllegalStateException(ms.name() + ": " + DIRECTORY + " does not exist; is cloudstack-common 4.3 installed?");
      }
      UploadResult upload = shell.upload(target, file, REMOTE_PATH, Checksum.SHA256);
      ExecResult mode = shell.exec(target, ShellCommand.of("stat -c %a {}", path(REMOTE_PATH))).requireSuccess();
      boolean modeSet = false;
      if (!mode.stdout().strip().equals(MODE)) {
        shell.exec(target, ShellCommand.of("chmod 0755 {}", path(REMOTE_PATH))).requireSuccess();
        modeSet = true;
      }
      copied.add(new Copied(ms.name(), !upload.skipped(), modeSet, upload.digest()));
    }
    return copied;
  }

  static String sha256(Path file) {
    try {
      return Checksum.SHA256.of(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
