package org.upgradeflow.remote;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.UnaryOperator;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.xfer.FileSystemFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files on targets over SFTP. Edits happen in Java: backup next to the file, temp file and
 * rename (atomic on the same file system), read back and verify. No sed over SSH.
 */
final class RemoteFiles {

  private static final Logger log = LoggerFactory.getLogger(RemoteFiles.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");
  private static final int CHUNK = 32 * 1024;
  // sha256sum reads well above this on any server disk; the budget only guards against hangs
  private static final long DIGEST_BYTES_PER_SECOND = 20L * 1024 * 1024;

  private final Sessions sessions;
  private final CommandRunner runner;
  private final Duration commandTimeout;

  RemoteFiles(Sessions sessions, CommandRunner runner, Duration commandTimeout) {
    this.sessions = sessions;
    this.runner = runner;
    this.commandTimeout = commandTimeout;
  }

  String read(RemoteTarget target, String path) {
    ShellArg.path(path);
    try (SFTPClient sftp = sessions.sftp(target)) {
      return decode(readBytes(sftp, path), target, path);
    } catch (IOException e) {
      throw new RemoteShellException("cannot read " + path + " on " + target.name() + ": " + e.getMessage(), e);
    }
  }

  FileEdit edit(RemoteTarget target, String path, UnaryOperator<String> change, boolean create) {
    ShellArg.path(path);
    try (SFTPClient sftp = sessions.sftp(target)) {
      FileAttributes attrs = sftp.statExistence(path);
      if (attrs == null && !create) {
        throw new RemoteShellException("no file " + path + " on " + target.name());
      }
      byte[] beforeBytes = attrs == null ? null : readBytes(sftp, path);
      String before = beforeBytes == null ? null : decode(beforeBytes, target, path);
      String after = Objects.requireNonNull(change.apply(before == null ? "" : before),
          "the change returned null");
      if (after.equals(before)) {
        return new FileEdit(path, false, null);
      }
      String backup = null;
      if (beforeBytes != null) {
        backup = path + ".upgradeflow-" + LocalDateTime.now().format(STAMP) + ".bak";
        writeBytes(sftp, backup, beforeBytes, attrs);
      }
      String temp = path + ".upgradeflow-tmp";
      byte[] afterBytes = after.getBytes(StandardCharsets.UTF_8);
      writeBytes(sftp, temp, afterBytes, attrs);
      replace(sftp, target, temp, path);
      String check = decode(readBytes(sftp, path), target, path);
      if (!check.equals(after)) {
        throw new RemoteShellException("verification of " + path + " on " + target.name()
            + " failed: content differs after writing" + (backup != null ? "; previous content in " + backup : ""));
      }
      log.info("{}: wrote {} (backup {})", target.name(), path, backup);
      return new FileEdit(path, true, backup);
    } catch (IOException e) {
      throw new RemoteShellException("cannot edit " + path + " on " + target.name() + ": " + e.getMessage(), e);
    }
  }

  UploadResult upload(RemoteTarget target, Path local, String remotePath, Checksum checksum) {
    ShellArg.path(remotePath);
    try {
      long size = Files.size(local);
      String digest = localDigest(local, checksum);
      try (SFTPClient sftp = sessions.sftp(target)) {
        FileAttributes existing = sftp.statExistence(remotePath);
        if (existing != null && existing.getSize() == size
            && digest.equals(remoteDigest(target, remotePath, checksum, size))) {
          log.info("{}: {} already present with {} {}", target.name(), remotePath, checksum, digest);
          return new UploadResult(remotePath, true, size, checksum, digest);
        }
        String part = RemoteShell.partPath(remotePath);
        sftp.put(new FileSystemFile(local.toFile()), part);
        long remoteSize = sftp.size(part);
        String remoteDigest = remoteDigest(target, part, checksum, size);
        if (remoteSize != size || !digest.equals(remoteDigest)) {
          Sessions.closeQuietly(() -> sftp.rm(part));
          throw new RemoteShellException("upload of " + local.getFileName() + " to " + target.name()
              + ":" + remotePath + " failed verification: size " + remoteSize + "/" + size + ", "
              + checksum + " " + remoteDigest + "/" + digest);
        }
        replace(sftp, target, part, remotePath);
        log.info("{}: uploaded {} ({} bytes, {} {})", target.name(), remotePath, size, checksum, digest);
        return new UploadResult(remotePath, false, size, checksum, digest);
      }
    } catch (IOException e) {
      throw new RemoteShellException("cannot upload " + local + " to " + target.name() + ":" + remotePath
          + ": " + e.getMessage(), e);
    }
  }

  private String remoteDigest(RemoteTarget target, String path, Checksum checksum, long size) {
    Duration budget = commandTimeout.plusSeconds(size / DIGEST_BYTES_PER_SECOND);
    ExecResult r = runner.run(target, checksum.remote(path), budget).requireSuccess();
    String first = r.stdout().strip().split("\\s+", 2)[0];
    return first.replace("\\", "").toLowerCase();
  }

  static String localDigest(Path file, Checksum checksum) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance(checksum.javaName());
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rename over the target: posix-rename@openssh.com, else mv -f (rename(2) as well). */
  private void replace(SFTPClient sftp, RemoteTarget target, String from, String to) {
    try {
      sftp.rename(from, to, EnumSet.of(RenameFlags.OVERWRITE));
    } catch (IOException | RuntimeException e) {
      runner.run(target, ShellCommand.of("mv -f {} {}", ShellArg.path(from), ShellArg.path(to)),
          commandTimeout).requireSuccess();
    }
  }

  private static byte[] readBytes(SFTPClient sftp, String path) throws IOException {
    try (RemoteFile file = sftp.open(path, EnumSet.of(OpenMode.READ));
        InputStream in = file.new RemoteFileInputStream()) {
      return in.readAllBytes();
    }
  }

  /** Writes a new file with the mode (and, where allowed, owner) of the file it stands in for. */
  private static void writeBytes(SFTPClient sftp, String path, byte[] bytes, FileAttributes like)
      throws IOException {
    FileAttributes mode = like == null
        ? new FileAttributes.Builder().withPermissions(0644).build()
        : new FileAttributes.Builder().withPermissions(like.getMode().getPermissionsMask()).build();
    try (RemoteFile file = sftp.open(path,
        EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.TRUNC), mode)) {
      for (int off = 0; off < bytes.length; off += CHUNK) {
        file.write(off, bytes, off, Math.min(CHUNK, bytes.length - off));
      }
    }
    sftp.setattr(path, mode); // the umask applied at create time
    if (like != null) {
      try {
        sftp.setattr(path, new FileAttributes.Builder().withUIDGID(like.getUID(), like.getGID()).build());
      } catch (IOException e) {
        // only root may give files away; as the owner the file is ours anyway
      }
    }
  }

  private static String decode(byte[] bytes, RemoteTarget target, String path) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new RemoteShellException(path + " on " + target.name() + " is not UTF-8 text; not editing it");
    }
  }
}
