package org.upgradeflow.lab.host;

import java.nio.file.CopyOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;

/**
 * Puts SFTP changes into the host's journal, so files the client writes over SFTP (repository
 * files, properties) are part of the truth like files written by commands. A written file is
 * journaled once, when its handle closes.
 */
final class SftpJournal implements SftpEventListener {

  private final Journal journal;
  private final Set<String> writtenHandles = ConcurrentHashMap.newKeySet();

  SftpJournal(Journal journal) {
    this.journal = journal;
  }

  @Override
  public void written(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
      byte[] data, int dataOffset, int dataLen, Throwable thrown) {
    if (thrown == null) {
      writtenHandles.add(remoteHandle);
    }
  }

  @Override
  public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
    if (writtenHandles.remove(remoteHandle)) {
      journal.record("sftp write " + localHandle.getFile(), thrown == null ? 0 : 1, "sftp");
    }
  }

  @Override
  public void created(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
    journal.record("sftp mkdir " + path, thrown == null ? 0 : 1, "sftp");
  }

  @Override
  public void moved(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts, Throwable thrown) {
    journal.record("sftp rename " + srcPath + " " + dstPath, thrown == null ? 0 : 1, "sftp");
  }

  @Override
  public void removed(ServerSession session, Path path, boolean isDirectory, Throwable thrown) {
    journal.record("sftp " + (isDirectory ? "rmdir " : "rm ") + path, thrown == null ? 0 : 1, "sftp");
  }

  @Override
  public void modifiedAttributes(ServerSession session, Path path, Map<String, ?> attrs, Throwable thrown) {
    journal.record("sftp setstat " + path + " " + attrs.keySet(), thrown == null ? 0 : 1, "sftp");
  }
}
