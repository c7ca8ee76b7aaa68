package org.upgradeflow.lab.host;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A deep copy of a whole in-memory file tree (directories, files, symlinks, permissions,
 * modification times), restorable into the same {@link java.nio.file.FileSystem} instance so
 * SFTP sessions that hold it keep working after a reset.
 */
final class FileTreeSnapshot {

  private record Entry(String path, Kind kind, byte[] content, String linkTarget,
      Set<PosixFilePermission> permissions, FileTime modified) {
  }

  private enum Kind { DIRECTORY, FILE, SYMLINK }

  private final List<Entry> entries;

  private FileTreeSnapshot(List<Entry> entries) {
    this.entries = entries;
  }

  static FileTreeSnapshot take(Path root) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.comparing(Path::toString))::iterator) {
        if (p.equals(root)) {
          continue;
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> perms = a.isSymbolicLink() ? null
            : Files.getFileAttributeView(p, PosixFileAttributeView.class).readAttributes().permissions();
        if (a.isSymbolicLink()) {
          entries.add(new Entry(p.toString(), Kind.SYMLINK, null, Files.readSymbolicLink(p).toString(), null, null));
        } else if (a.isDirectory()) {
          entries.add(new Entry(p.toString(), Kind.DIRECTORY, null, null, perms, a.lastModifiedTime()));
        } else {
          entries.add(new Entry(p.toString(), Kind.FILE, Files.readAllBytes(p), null, perms, a.lastModifiedTime()));
        }
      }
    }
    return new FileTreeSnapshot(entries);
  }

  void restoreInto(Path root) throws IOException {
    clear(root);
    for (Entry e : entries) {
      Path p = root.getFileSystem().getPath(e.path());
      switch (e.kind()) {
        case DIRECTORY -> Files.createDirectory(p);
        case FILE -> Files.write(p, e.content());
        case SYMLINK -> Files.createSymbolicLink(p, root.getFileSystem().getPath(e.linkTarget()));
      }
    }
    // directory times last: creating children touches them
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry e = entries.get(i);
      if (e.kind() != Kind.SYMLINK) {
        Path p = root.getFileSystem().getPath(e.path());
        Files.setPosixFilePermissions(p, e.permissions());
        Files.setLastModifiedTime(p, e.modified());
      }
    }
  }

  private static void clear(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (!dir.equals(root)) {
          Files.delete(dir);
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
