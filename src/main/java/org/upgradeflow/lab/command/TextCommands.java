package org.upgradeflow.lab.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** echo, printf, cat, head, tail, wc, grep: text in, text out, coreutils wording. */
final class TextCommands {

  private TextCommands() {
  }

  static void register(LabCommandRegistry r) {
    r.register("echo", TextCommands::echo)
        .register("printf", TextCommands::printf)
        .register("cat", TextCommands::cat)
        .register("head", ctx -> headOrTail(ctx, true))
        .register("tail", ctx -> headOrTail(ctx, false))
        .register("wc", TextCommands::wc)
        .register("grep", GrepCommand::run);
  }

  private static int echo(CommandContext ctx) throws IOException {
    List<String> args = new ArrayList<>(ctx.args());
    boolean newline = true;
    boolean escapes = false;
    while (!args.isEmpty() && args.get(0).matches("-[neE]+")) {
      String flags = args.remove(0);
      newline &= !flags.contains("n");
      escapes = flags.contains("e") || (escapes && !flags.contains("E"));
    }
    String text = String.join(" ", args);
    ctx.print((escapes ? unescape(text) : text) + (newline ? "\n" : ""));
    return 0;
  }

  /** POSIX printf: the format is reused until the arguments run out. %s %d %% and escapes. */
  private static int printf(CommandContext ctx) throws IOException {
    if (ctx.args().isEmpty()) {
      return ctx.fail(2, "usage: printf format [arguments]");
    }
    String format = ctx.args().get(0);
    List<String> args = ctx.args().subList(1, ctx.args().size());
    StringBuilder out = new StringBuilder();
    int next = 0;
    do {
      int used = 0;
      for (int i = 0; i < format.length(); i++) {
        char c = format.charAt(i);
        if (c == '\\' && i + 1 < format.length()) {
          out.append(unescape(format.substring(i, i + 2)));
          i++;
        } else if (c == '%' && i + 1 < format.length()) {
          char conv = format.charAt(++i);
          switch (conv) {
            case '%' -> out.append('%');
            case 's' -> {
              out.append(next < args.size() ? args.get(next) : "");
              next++;
              used++;
            }
            case 'd', 'i' -> {
              String a = next < args.size() ? args.get(next) : "0";
              next++;
              used++;
              try {
                out.append(Long.parseLong(a.trim()));
              } catch (NumberFormatException e) {
                ctx.print(out.toString());
                return ctx.fail(1, a + ": invalid number");
              }
            }
            default -> {
              ctx.print(out.toString());
              return ctx.fail(1, "%" + conv + ": invalid conversion specification");
            }
          }
        } else {
          out.append(c);
        }
      }
      if (used == 0) {
        break;
      }
    } while (next < args.size());
    ctx.print(out.toString());
    return 0;
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case '\\' -> sb.append('\\');
          case '\'' -> sb.append('\'');
          case '"' -> sb.append('"');
          default -> sb.append('\\').append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int cat(CommandContext ctx) throws IOException {
    List<String> files = ctx.args().stream().filter(a -> !a.equals("--")).toList();
    files = files.isEmpty() ? List.of("-") : files;
    int code = 0;
    for (String f : files) {
      if (f.equals("-")) {
        ctx.in().transferTo(ctx.out());
        continue;
      }
      byte[] content = read(ctx, f);
      if (content == null) {
        code = 1;
      } else {
        ctx.out().write(content);
      }
    }
    ctx.out().flush();
    return code;
  }

  /** The file's bytes, or null after printing the coreutils error. */
  static byte[] read(CommandContext ctx, String name) throws IOException {
    if (name.equals("/dev/null")) {
      return new byte[0];
    }
    Path p = ctx.path(name);
    if (Files.isDirectory(p)) {
      ctx.fail(1, name + ": Is a directory");
      return null;
    }
    if (!Files.exists(p)) {
      ctx.fail(1, name + ": No such file or directory");
      return null;
    }
    return Files.readAllBytes(p);
  }

  private static int headOrTail(CommandContext ctx, boolean head) throws IOException {
    long n = 10;
    boolean bytes = false;
    boolean options = true;
    List<String> files = new ArrayList<>();
    List<String> args = ctx.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String count = null;
      if (!options) {
        files.add(a);
      } else if (a.equals("--")) {
        options = false;
      } else if (a.equals("-c") && i + 1 < args.size()) {
        // -c N: the last (first) N bytes, as a dump's trailer check reads them
        count = args.get(++i);
        bytes = true;
      } else if (a.equals("-n") && i + 1 < args.size()) {
        count = args.get(++i);
      } else if (a.startsWith("-n")) {
        count = a.substring(2);
      } else if (a.matches("-\\d+")) {
        count = a.substring(1);
      } else if (a.startsWith("-") && !a.equals("-")) {
        return ctx.fail(1, "invalid option -- '" + a.substring(1) + "'");
      } else {
        files.add(a);
      }
      if (count != null) {
        try {
          n = Long.parseLong(count);
        } catch (NumberFormatException e) {
          return ctx.fail(1, "invalid number of lines: '" + count + "'");
        }
      }
    }
    if (files.size() > 1) {
      return ctx.fail(1, "the lab supports one file at a time");
    }
    byte[] content;
    if (files.isEmpty() || files.get(0).equals("-")) {
      content = ctx.in().readAllBytes();
    } else {
      content = read(ctx, files.get(0));
      if (content == null) {
        return 1;
      }
    }
    if (bytes) {
      int len = (int) Math.min(n, content.length);
      ctx.out().write(content, head ? 0 : content.length - len, len);
    } else {
      ctx.out().write(head ? firstLines(content, n) : lastLines(content, n));
    }
    ctx.out().flush();
    return 0;
  }

  private static byte[] firstLines(byte[] content, long n) {
    int end = 0;
    long lines = 0;
    while (end < content.length && lines < n) {
      if (content[end++] == '\n') {
        lines++;
      }
    }
    return java.util.Arrays.copyOf(content, end);
  }

  private static byte[] lastLines(byte[] content, long n) {
    if (n <= 0) {
      return new byte[0];
    }
    int start = content.length;
    // a final line without newline counts as a line; skip the file's last newline first
    int i = content.length - 1;
    if (i >= 0 && content[i] == '\n') {
      i--;
    }
    long lines = 0;
    for (; i >= 0; i--) {
      if (content[i] == '\n' && ++lines == n) {
        break;
      }
    }
    start = i + 1;
    return java.util.Arrays.copyOfRange(content, Math.max(0, start), content.length);
  }

  private static int wc(CommandContext ctx) throws IOException {
    boolean bytes = false;
    boolean lines = false;
    List<String> files = new ArrayList<>();
    for (String a : ctx.args()) {
      if (a.startsWith("-") && a.length() > 1) {
        bytes |= a.contains("c");
        lines |= a.contains("l");
      } else {
        files.add(a);
      }
    }
    if (!bytes && !lines) {
      return ctx.fail(1, "the lab supports -c and -l only");
    }
    List<String> names = files.isEmpty() ? List.of("-") : files;
    int code = 0;
    for (String f : names) {
      byte[] content = f.equals("-") ? readAll(ctx.in()) : read(ctx, f);
      if (content == null) {
        code = 1;
        continue;
      }
      StringBuilder sb = new StringBuilder();
      if (lines) {
        long count = 0;
        for (byte b : content) {
          if (b == '\n') {
            count++;
          }
        }
        sb.append(count);
      }
      if (bytes) {
        sb.append(sb.isEmpty() ? "" : " ").append(content.length);
      }
      ctx.print(sb + (f.equals("-") ? "" : " " + f) + "\n");
    }
    return code;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
