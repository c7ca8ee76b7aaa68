package org.upgradeflow.lab.command;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * md5sum, sha1sum, sha256sum, sha512sum in coreutils format ({@code <hex>  <name>}), including
 * {@code -c} verification of a checksum file (the Usage Meter procedure runs {@code sha1sum -c}).
 */
final class DigestCommands {

  private DigestCommands() {
  }

  static void register(LabCommandRegistry r) {
    r.register("md5sum", ctx -> digest(ctx, "MD5"))
        .register("sha1sum", ctx -> digest(ctx, "SHA-1"))
        .register("sha256sum", ctx -> digest(ctx, "SHA-256"))
        .register("sha512sum", ctx -> digest(ctx, "SHA-512"));
  }

  private static int digest(CommandContext ctx, String algorithm) throws IOException, NoSuchAlgorithmException {
    boolean check = false;
    boolean status = false;
    List<String> files = new java.util.ArrayList<>();
    for (String a : ctx.args()) {
      if (a.equals("-c") || a.equals("--check")) {
        check = true;
      } else if (a.equals("--status")) {
        status = true;
      } else if (a.equals("-b") || a.equals("-t") || a.equals("--binary") || a.equals("--text")) {
        continue; // no difference on Linux
      } else if (a.startsWith("-") && !a.equals("-")) {
        return ctx.fail(1, "invalid option -- '" + a.substring(1) + "'");
      } else {
        files.add(a);
      }
    }
    if (check) {
      // --status: no output, the exit code says it all
      return check(status ? quiet(ctx) : ctx, algorithm, files);
    }
    if (files.isEmpty()) {
      files = List.of("-");
    }
    int code = 0;
    for (String f : files) {
      byte[] content = f.equals("-") ? ctx.in().readAllBytes() : TextCommands.read(ctx, f);
      if (content == null) {
        code = 1;
        continue;
      }
      ctx.print(hex(algorithm, content) + "  " + f + "\n");
    }
    return code;
  }

  /** {@code SHA1(name)= hex}, the BSD tag format of {@code sha1sum --tag} and of VMware {@code .mf} manifests. */
  private static final java.util.regex.Pattern BSD_TAG =
      java.util.regex.Pattern.compile("(?:MD5|SHA1|SHA256|SHA512) ?\\((.+)\\) ?= ?([0-9a-fA-F]+)");

  private static int check(CommandContext ctx, String algorithm, List<String> files)
      throws IOException, NoSuchAlgorithmException {
    if (files.size() != 1) {
      return ctx.fail(1, "the lab checks one checksum file at a time");
    }
    byte[] list = files.get(0).equals("-") ? ctx.in().readAllBytes() : TextCommands.read(ctx, files.get(0));
    if (list == null) {
      return 1;
    }
    int failed = 0;
    int missing = 0;
    int lines = 0;
    for (String line : TextCommands.utf8(list).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      java.util.regex.Matcher tag = BSD_TAG.matcher(line.strip());
      String[] parts = tag.matches() ? new String[] {tag.group(2), tag.group(1)} : line.split(" [ *]", 2);
      if (parts.length != 2) {
        continue;
      }
      lines++;
      String name = parts[1].trim();
      byte[] content = TextCommands.read(ctx, name);
      if (content == null) {
        ctx.print(name + ": FAILED open or read\n");
        missing++;
      } else if (hex(algorithm, content).equalsIgnoreCase(parts[0].trim())) {
        ctx.print(name + ": OK\n");
      } else {
        ctx.print(name + ": FAILED\n");
        failed++;
      }
    }
    if (lines == 0) {
      return ctx.fail(1, files.get(0) + ": no properly formatted checksum lines found");
    }
    if (missing > 0) {
      ctx.printErr(ctx.program() + ": WARNING: " + missing + " listed file" + (missing > 1 ? "s" : "")
          + " could not be read\n");
    }
    if (failed > 0) {
      ctx.printErr(ctx.program() + ": WARNING: " + failed + " computed checksum" + (failed > 1 ? "s" : "")
          + " did NOT match\n");
    }
    return failed + missing > 0 ? 1 : 0;
  }

  private static CommandContext quiet(CommandContext ctx) {
    return ctx.withOutput(java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream());
  }

  private static String hex(String algorithm, byte[] content) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
  }
}
