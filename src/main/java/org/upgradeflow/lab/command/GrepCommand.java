package org.upgradeflow.lab.command;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grep [-q] [-v] [-E|-F] [-e] PATTERN [FILE...]}: lines matching a basic (default),
 * extended or fixed pattern; exit 0 when a line was selected, 1 when none, 2 on errors.
 */
final class GrepCommand {

  private GrepCommand() {
  }

  static int run(CommandContext ctx) throws IOException {
    boolean quiet = false;
    boolean invert = false;
    String syntax = "basic";
    String pattern = null;
    List<String> files = new ArrayList<>();
    List<String> args = ctx.args();
    boolean options = true;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (options && a.equals("--")) {
        options = false;
      } else if (options && a.equals("-e") && i + 1 < args.size()) {
        pattern = args.get(++i);
      } else if (options && a.startsWith("-") && a.length() > 1) {
        for (char c : a.substring(1).toCharArray()) {
          switch (c) {
            case 'q', 's' -> quiet |= c == 'q';
            case 'v' -> invert = true;
            case 'E' -> syntax = "extended";
            case 'F' -> syntax = "fixed";
            default -> {
              ctx.printErr("grep: invalid option -- '" + c + "'\n");
              return 2;
            }
          }
        }
      } else if (pattern == null) {
        pattern = a;
      } else {
        files.add(a);
      }
    }
    if (pattern == null) {
      ctx.printErr("Usage: grep [OPTION]... PATTERNS [FILE]...\n");
      return 2;
    }
    Pattern regex;
    try {
      regex = Pattern.compile(switch (syntax) {
        case "fixed" -> Pattern.quote(pattern);
        case "extended" -> pattern;
        default -> fromBasic(pattern);
      });
    } catch (PatternSyntaxException e) {
      ctx.printErr("grep: " + e.getDescription() + "\n");
      return 2;
    }
    if (files.isEmpty()) {
      files = List.of("-");
    }
    boolean selected = false;
    int code = 0;
    for (String f : files) {
      byte[] content = f.equals("-") ? ctx.in().readAllBytes() : TextCommands.read(ctx, f);
      if (content == null) {
        code = 2;
        continue;
      }
      for (String line : TextCommands.utf8(content).split("\n", -1)) {
        if (regex.matcher(line).find() != invert) {
          selected = true;
          if (quiet) {
            return 0;
          }
          ctx.print((files.size() > 1 ? f + ":" : "") + line + "\n");
        }
      }
    }
    return code == 2 && !selected ? 2 : selected ? 0 : 1;
  }

  /** POSIX basic syntax: {@code + ? | ( ) { }} are literal unless escaped. */
  static String fromBasic(String basic) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < basic.length(); i++) {
      char c = basic.charAt(i);
      if (c == '\\' && i + 1 < basic.length()) {
        char next = basic.charAt(++i);
        out.append("+?|(){}".indexOf(next) >= 0 ? String.valueOf(next) : "\\" + next);
      } else if ("+?|(){}".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
