package org.upgradeflow.lab.host;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.session.SessionContext;

/**
 * Serves a host's Jimfs tree over SFTP. MINA closes the file system a session was given when
 * the session ends; handing out a rooted view (whose close does nothing) instead of the Jimfs
 * instance itself keeps the host's files alive across sessions.
 *
 * <p>Known gap: SFTP sessions start in {@code /} (the rooted view's default directory), not in
 * root's home as OpenSSH's sftp-server does; relative SFTP paths resolve against {@code /}.
 * UpgradeFlow uses absolute paths only.
 */
final class LabFileSystemFactory implements FileSystemFactory {

  private final FileSystem hostFileSystem;

  LabFileSystemFactory(FileSystem hostFileSystem) {
    this.hostFileSystem = hostFileSystem;
  }

  @Override
  public Path getUserHomeDir(SessionContext session) {
    return hostFileSystem.getPath("/root");
  }

  @Override
  public FileSystem createFileSystem(SessionContext session) throws IOException {
    return new RootedFileSystemProvider().newFileSystem(hostFileSystem.getPath("/"), Map.of());
  }
}
