package org.upgradeflow.lab.host;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * SFTP as OpenSSH's sftp-server answers it where MINA differs: a READ of length 0 gets an empty
 * DATA reply ("weird, but not strictly disallowed" in sftp-server.c) instead of MINA's
 * "Invalid parameter". sshj's RemoteFileInputStream sends such a read when JDK 17's
 * {@code readAllBytes} has filled its first 8 KiB buffer, so without this every file over 8 KiB
 * that UpgradeFlow reads from a lab host would fail in the lab while it works on a real host.
 */
final class LabSftpSubsystemFactory extends SftpSubsystemFactory {

  @Override
  public Command createSubsystem(ChannelSession channel) throws IOException {
    SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
      @Override
      protected int doRead(int id, String handle, long offset, int length, byte[] data, int doff,
          AtomicReference<Boolean> eof) throws IOException {
        return length == 0 ? 0 : super.doRead(id, handle, offset, length, data, doff, eof);
      }
    };
    getRegisteredListeners().forEach(subsystem::addSftpEventListener);
    return subsystem;
  }
}
