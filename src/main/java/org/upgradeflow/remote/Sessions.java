package org.upgradeflow.remote;

import java.io.IOException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;

/**
 * Sessions and SFTP channels on the shared connection. Opening is retried once on a fresh
 * connection: a drop noticed at this point means nothing has been sent yet, so it is safe.
 */
final class Sessions {

  private final SshConnections connections;

  Sessions(SshConnections connections) {
    this.connections = connections;
  }

  Session session(RemoteTarget target) {
    return open(target, SSHClient::startSession);
  }

  SFTPClient sftp(RemoteTarget target) {
    return open(target, SSHClient::newSFTPClient);
  }

  private interface Opener<T> {
    T open(SSHClient client) throws IOException;
  }

  private <T> T open(RemoteTarget target, Opener<T> opener) {
    for (int attempt = 1; ; attempt++) {
      SSHClient client = connections.get(target);
      try {
        return opener.open(client);
      } catch (IOException | IllegalStateException e) {
        // IllegalStateException: sshj noticed the drop between our check and the open
        connections.invalidate(target, client);
        if (attempt >= 2) {
          throw new RemoteShellException("cannot open a channel to " + target + ": " + e, e);
        }
      }
    }
  }

  static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // the channel may already be gone with its connection
    }
  }
}
