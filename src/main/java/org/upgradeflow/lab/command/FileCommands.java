package org.upgradeflow.lab.command;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** mkdir, rm, mv, cp, touch, ls, stat on the host's in-memory filesystem, coreutils wording. */
final class FileCommands {

  private static final DateTimeFormatter LS_TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT);

  private FileCommands() {
  }

  static void register(LabCommandRegistry r) {
    r.register("mkdir", FileCommands::mkdir)
        .register("rm", FileCommands::rm)
        .register("mv", FileCommands::mv)
        .register("cp", FileCommands::cp)
        .register("touch", FileCommands::touch)
        .register("ls", FileCommands::ls)
        .register("stat", FileCommands::stat)
        .register("chmod", FileCommands::chmod);
  }

  /** {@code chmod [--] OCTAL FILE...}: octal modes only (what UpgradeFlow's scripts send). */
  private static int chmod(CommandContext ctx) throws IOException {
    List<String> args = ctx.args().stream().filter(a -> !a.equals("--")).toList();
    if (args.size() < 2) {
      return ctx.fail(1, "missing operand");
    }
    String mode = args.get(0);
    if (!mode.matches("0?[0-7]{3}")) {
      return ctx.fail(1, "invalid mode: '" + mode + "' (the lab takes octal modes only)");
    }
    int bits = Integer.parseInt(mode, 8);
    StringBuilder rwx = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int b = bits >> shift;
      rwx.append((b & 4) != 0 ? 'r' : '-').append((b & 2) != 0 ? 'w' : '-').append((b & 1) != 0 ? 'x' : '-');
    }
    int code = 0;
    for (String name : args.subList(1, args.size())) {
      Path f = ctx.path(name);
      if (!Files.exists(f)) {
        code = ctx.fail(1, "cannot access '" + name + "': No such file or directory");
        continue;
      }
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(rwx.toString()));
      ctx.stateChanged();
    }
    return code;
  }

  /** Splits "-rf" style flags from operands; "--" ends options. */
  private record Parsed(String flags, List<String> operands) {
    boolean has(char flag) {
      return flags.indexOf(flag) >= 0;
    }
  }

  private static Parsed parse(List<String> args) {
    StringBuilder flags = new StringBuilder();
    List<String> operands = new ArrayList<>();
    boolean options = true;
    for (String a : args) {
      if (options && a.equals("--")) {
        options = false;
      } else if (options && a.startsWith("-") && a.length() > 1) {
        flags.append(a.substring(1));
      } else {
        operands.add(a);
      }
    }
    return new Parsed(flags.toString(), operands);
  }

  private static int mkdir(CommandContext ctx) throws IOException {
    Parsed p = parse(ctx.args());
    if (p.operands().isEmpty()) {
      return ctx.fail(1, "missing operand");
    }
    int code = 0;
    for (String name : p.operands()) {
      Path dir = ctx.path(name);
      if (Files.exists(dir)) {
        if (!p.has('p') || !Files.isDirectory(dir)) {
          code = ctx.fail(1, "cannot create directory '" + name + "': File exists");
        }
        continue;
      }
      if (!p.has('p') && (dir.getParent() == null || !Files.isDirectory(dir.getParent()))) {
        code = ctx.fail(1, "cannot create directory '" + name + "': No such file or directory");
        continue;
      }
      Path existing = dir;
      while (existing.getParent() != null && !Files.exists(existing.getParent())) {
        existing = existing.getParent();
      }
      if (existing.getParent() != null && !Files.isDirectory(existing.getParent())) {
        code = ctx.fail(1, "cannot create directory '" + name + "': Not a directory");
        continue;
      }
      Files.createDirectories(dir);
      ctx.stateChanged();
    }
    return code;
  }

  private static int rm(CommandContext ctx) throws IOException {
    Parsed p = parse(ctx.args());
    boolean force = p.has('f');
    boolean recursive = p.has('r') || p.has('R');
    if (p.operands().isEmpty()) {
      return force ? 0 : ctx.fail(1, "missing operand");
    }
    int code = 0;
    for (String name : p.operands()) {
      Path target = ctx.path(name);
      if (target.getParent() == null) {
        ctx.printErr("rm: it is dangerous to operate recursively on '/'\n");
        code = ctx.fail(1, "use --no-preserve-root to override this failsafe");
        continue;
      }
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (!force) {
          code = ctx.fail(1, "cannot remove '" + name + "': No such file or directory");
        }
        continue;
      }
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && !recursive) {
        code = ctx.fail(1, "cannot remove '" + name + "': Is a directory");
        continue;
      }
      deleteTree(target);
      ctx.stateChanged();
    }
    return code;
  }

  static void deleteTree(Path target) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(target);
      return;
    }
    Files.walkFileTree(target, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static int mv(CommandContext ctx) throws IOException {
    Parsed p = parse(ctx.args());
    if (p.operands().size() != 2) {
      return ctx.fail(1, p.operands().size() < 2 ? "missing destination file operand" : "the lab supports one source");
    }
    Path source = ctx.path(p.operands().get(0));
    Path target = destination(ctx.path(p.operands().get(1)), source);
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      return ctx.fail(1, "cannot stat '" + p.operands().get(0) + "': No such file or directory");
    }
    if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
      return ctx.fail(1, "cannot move '" + p.operands().get(0) + "' to '" + p.operands().get(1)
          + "': No such file or directory");
    }
    try {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (DirectoryNotEmptyException e) {
      return ctx.fail(1, "cannot move '" + p.operands().get(0) + "' to '" + p.operands().get(1)
          + "': Directory not empty");
    }
    ctx.stateChanged();
    return 0;
  }

  private static int cp(CommandContext ctx) throws IOException {
    Parsed p = parse(ctx.args());
    boolean recursive = p.has('r') || p.has('R') || p.has('a');
    boolean preserve = p.has('p') || p.has('a');
    if (p.operands().size() != 2) {
      return ctx.fail(1, p.operands().size() < 2 ? "missing destination file operand" : "the lab supports one source");
    }
    String sourceName = p.operands().get(0);
    Path source = ctx.path(sourceName);
    if (!Files.exists(source)) {
      return ctx.fail(1, "cannot stat '" + sourceName + "': No such file or directory");
    }
    if (Files.isDirectory(source) && !recursive) {
      return ctx.fail(1, "-r not specified; omitting directory '" + sourceName + "'");
    }
    Path target = destination(ctx.path(p.operands().get(1)), source);
    if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
      return ctx.fail(1, "cannot create regular file '" + p.operands().get(1) + "': No such file or directory");
    }
    StandardCopyOption[] options = preserve
        ? new StandardCopyOption[] {StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES}
        : new StandardCopyOption[] {StandardCopyOption.REPLACE_EXISTING};
    if (Files.isDirectory(source)) {
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path s : (Iterable<Path>) walk::iterator) {
          Path t = target.resolve(source.relativize(s).toString());
          if (Files.isDirectory(s)) {
            Files.createDirectories(t);
          } else {
            Files.copy(s, t, options);
          }
        }
      }
    } else {
      Files.copy(source, target, options);
    }
    ctx.stateChanged();
    return 0;
  }

  /** "mv a dir" means "mv a dir/a". */
  private static Path destination(Path target, Path source) {
    return Files.isDirectory(target) ? target.resolve(source.getFileName().toString()) : target;
  }

  private static int touch(CommandContext ctx) throws IOException {
    Parsed p = parse(ctx.args());
    if (p.operands().isEmpty()) {
      return ctx.fail(1, "missing file operand");
    }
    int code = 0;
    for (String name : p.operands()) {
      Path f = ctx.path(name);
      if (f.getParent() != null && !Files.isDirectory(f.getParent())) {
        code = ctx.fail(1, "cannot touch '" + name + "': No such file or directory");
        continue;
      }
      if (Files.exists(f)) {
        Files.setLastModifiedTime(f, FileTime.from(java.time.Instant.now()));
      } else {
        Files.createFile(f);
      }
      ctx.stateChanged();
    }
    return code;
  }

  private static int ls(CommandContext ctx) throws IOException {
    Parsed p = parse(ctx.args());
    boolean longFormat = p.has('l');
    boolean all = p.has('a');
    boolean directoryItself = p.has('d');
    List<String> names = p.operands().isEmpty() ? List.of(".") : p.operands();
    int code = 0;
    for (String name : names) {
      Path target = ctx.path(name);
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        ctx.printErr("ls: cannot access '" + name + "': No such file or directory\n");
        code = 2;
        continue;
      }
      if (names.size() > 1 && Files.isDirectory(target) && !directoryItself) {
        ctx.print(name + ":\n");
      }
      if (Files.isDirectory(target) && !directoryItself) {
        List<Path> children;
        try (Stream<Path> list = Files.list(target)) {
          children = list.sorted().toList();
        }
        if (longFormat) {
          ctx.print("total " + children.size() * 4 + "\n");
        }
        for (Path c : children) {
          String child = c.getFileName().toString();
          if (!all && child.startsWith(".")) {
            continue;
          }
          ctx.print((longFormat ? longLine(c, child) : child) + "\n");
        }
      } else {
        ctx.print((longFormat ? longLine(target, name) : name) + "\n");
      }
    }
    return code;
  }

  private static String longLine(Path p, String shown) throws IOException {
    PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    char type = a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : '-';
    String time = LS_TIME.format(a.lastModifiedTime().toInstant().atZone(ZoneOffset.UTC));
    String line = String.format(Locale.ROOT, "%c%s 1 %s %s %8d %s %s", type,
        PosixFilePermissions.toString(a.permissions()), a.owner().getName(), a.group().getName(),
        a.size(), time, shown);
    return a.isSymbolicLink() ? line + " -> " + Files.readSymbolicLink(p) : line;
  }

  private static int stat(CommandContext ctx) throws IOException {
    List<String> args = ctx.args();
    String format = null;
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        files.addAll(args.subList(i + 1, args.size()));
        break;
      } else if ((a.equals("-c") || a.equals("--format")) && i + 1 < args.size()) {
        format = args.get(++i);
      } else if (a.startsWith("--format=")) {
        format = a.substring("--format=".length());
      } else if (a.startsWith("-")) {
        return ctx.fail(1, "the lab supports stat -c FORMAT only");
      } else {
        files.add(a);
      }
    }
    if (format == null || files.isEmpty()) {
      return ctx.fail(1, "the lab supports stat -c FORMAT FILE only");
    }
    int code = 0;
    for (String name : files) {
      Path f = ctx.path(name);
      if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
        code = ctx.fail(1, "cannot stat '" + name + "': No such file or directory");
        continue;
      }
      PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      ctx.print(formatStat(format, name, a) + "\n");
    }
    return code;
  }

  private static String formatStat(String format, String name, PosixFileAttributes a) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        sb.append(c);
        continue;
      }
      char f = format.charAt(++i);
      switch (f) {
        case 's' -> sb.append(a.size());
        case 'n' -> sb.append(name);
        case 'a' -> sb.append(Integer.toOctalString(mode(a.permissions())));
        case 'A' -> sb.append(a.isDirectory() ? 'd' : '-').append(PosixFilePermissions.toString(a.permissions()));
        case 'U' -> sb.append(a.owner().getName());
        case 'G' -> sb.append(a.group().getName());
        case 'Y' -> sb.append(a.lastModifiedTime().toInstant().getEpochSecond());
        case 'F' -> sb.append(a.isDirectory() ? "directory" : a.isSymbolicLink() ? "symbolic link"
            : a.size() == 0 ? "regular empty file" : "regular file");
        case '%' -> sb.append('%');
        default -> sb.append('?');
      }
    }
    return sb.toString();
  }

  private static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return mode;
  }
}
