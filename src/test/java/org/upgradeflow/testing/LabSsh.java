package org.upgradeflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;

/** Real SSH into an estate's host as UpgradeFlow would: the inventory's address, port, key and known_hosts. */
public final class LabSsh implements AutoCloseable {

  public record Result(int exitCode, String out, String err) {
  }

  private final SSHClient ssh = new SSHClient();

  public LabSsh(Environment environment, String hostName) throws IOException {
    Host host = environment.host(hostName).orElseThrow();
    ssh.addHostKeyVerifier(new OpenSSHKnownHosts(environment.knownHosts().toFile()));
    ssh.setConnectTimeout(30_000);
    ssh.connect(host.address(), host.port());
    ssh.authPublickey(host.ssh().user(), ssh.loadKeys(host.ssh().privateKey().toString()));
  }

  public Result exec(String line) throws IOException {
    return exec(line, null);
  }

  public Result exec(String line, String stdin) throws IOException {
    try (Session session = ssh.startSession()) {
      Session.Command cmd = session.exec(line);
      if (stdin != null) {
        cmd.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        cmd.getOutputStream().flush();
      }
      cmd.getOutputStream().close();
      String out = IOUtils.readFully(cmd.getInputStream()).toString(StandardCharsets.UTF_8);
      String err = IOUtils.readFully(cmd.getErrorStream()).toString(StandardCharsets.UTF_8);
      cmd.join(60, TimeUnit.SECONDS);
      return new Result(cmd.getExitStatus(), out, err);
    }
  }

  public void write(String path, String content) throws IOException {
    try (SFTPClient sftp = ssh.newSFTPClient();
        RemoteFile f = sftp.open(path, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC));
        OutputStream out = f.new RemoteFileOutputStream()) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  public String read(String path) throws IOException {
    try (SFTPClient sftp = ssh.newSFTPClient(); RemoteFile f = sftp.open(path);
        InputStream in = f.new RemoteFileInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws IOException {
    ssh.close();
  }
}
