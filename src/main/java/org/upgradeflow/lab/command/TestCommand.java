package org.upgradeflow.lab.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code test} and {@code [}: file tests (-e -f -d -s -r -w -x -L), string tests (-n -z = !=),
 * integer comparisons, {@code !}. Exit 0 true, 1 false, 2 for an expression it cannot read.
 */
final class TestCommand implements LabCommand {

  @Override
  public int run(CommandContext ctx) throws IOException {
    List<String> args = ctx.args();
    if (ctx.program().equals("[")) {
      if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
        return ctx.fail(2, "missing `]'");
      }
      args = args.subList(0, args.size() - 1);
    }
    try {
      return evaluate(ctx, args) ? 0 : 1;
    } catch (IllegalArgumentException e) {
      return ctx.fail(2, e.getMessage());
    }
  }

  private boolean evaluate(CommandContext ctx, List<String> args) {
    if (!args.isEmpty() && args.get(0).equals("!")) {
      return !evaluate(ctx, args.subList(1, args.size()));
    }
    switch (args.size()) {
      case 0:
        return false;
      case 1:
        return !args.get(0).isEmpty();
      case 2:
        return unary(ctx, args.get(0), args.get(1));
      case 3:
        return binary(args.get(0), args.get(1), args.get(2));
      default:
        throw new IllegalArgumentException("too many arguments");
    }
  }

  private boolean unary(CommandContext ctx, String op, String operand) {
    Path p = ctx.path(operand);
    return switch (op) {
      case "-e" -> Files.exists(p);
      case "-f" -> Files.isRegularFile(p);
      case "-d" -> Files.isDirectory(p);
      case "-L", "-h" -> Files.isSymbolicLink(p);
      case "-r" -> Files.exists(p); // root reads everything
      case "-w" -> Files.exists(p);
      case "-x" -> Files.isDirectory(p) || Files.isExecutable(p);
      case "-s" -> {
        try {
          yield Files.isRegularFile(p) && Files.size(p) > 0;
        } catch (IOException e) {
          yield false;
        }
      }
      case "-n" -> !operand.isEmpty();
      case "-z" -> operand.isEmpty();
      default -> throw new IllegalArgumentException(op + ": unary operator expected");
    };
  }

  private boolean binary(String left, String op, String right) {
    switch (op) {
      case "=", "==":
        return left.equals(right);
      case "!=":
        return !left.equals(right);
      default:
        break;
    }
    long l;
    long r;
    try {
      l = Long.parseLong(left.trim());
      r = Long.parseLong(right.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException((op.matches("-(eq|ne|lt|le|gt|ge)") ? "integer expression expected"
          : op + ": binary operator expected"));
    }
    return switch (op) {
      case "-eq" -> l == r;
      case "-ne" -> l != r;
      case "-lt" -> l < r;
      case "-le" -> l <= r;
      case "-gt" -> l > r;
      case "-ge" -> l >= r;
      default -> throw new IllegalArgumentException(op + ": binary operator expected");
    };
  }
}
