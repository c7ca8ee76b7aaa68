package org.upgradeflow.lab.xen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.upgradeflow.lab.command.CommandContext;

/**
 * How the xe CLI prints (xapi's {@code cli_printer}, {@code xapi_cli} and {@code cli_util}):
 * records as "name ( RO): value" blocks, the first name padded right and the others left to
 * four more than the longest, each block followed by two empty lines; {@code --minimal} the
 * first field's values joined by commas. Errors go to stderr with exit 1: usage errors with the
 * "For usage run" hint, API errors as the datamodel's description then one "param: value" line
 * per parameter, internal errors as "message: ...".
 */
final class XeOutput {

  static final String HOST_IS_SLAVE =
      "You cannot make regular API calls directly on a slave. Please pass API calls via the master host.";
  static final String UUID_INVALID = "The uuid you supplied was invalid.";
  static final String PATCH_ALREADY_EXISTS = "The uploaded patch file already exists";
  static final String PATCH_ALREADY_APPLIED = "This patch has already been applied";
  static final String PATCH_PRECHECK_FAILED_VM_RUNNING = "The patch precheck stage failed: there are one or more"
      + " VMs still running on the server.  All VMs must be suspended before the patch can be applied.";
  static final String PATCH_PRECHECK_FAILED_WRONG_SERVER_VERSION =
      "The patch precheck stage failed: the server is of an incorrect version.";
  static final String INVALID_PATCH = "The uploaded patch file is invalid";
  static final String VM_MISSING_PV_DRIVERS = "You attempted an operation on a VM which requires PV drivers to be"
      + " installed but the drivers were not detected.";
  static final String HOST_NOT_ENOUGH_FREE_MEMORY = "Not enough host memory is available to perform this operation";
  static final String INTERNAL_ERROR = "The server failed to handle your request, due to an internal error.  The"
      + " given message may give details useful for debugging the problem.";

  private final CommandContext ctx;

  XeOutput(CommandContext ctx) {
    this.ctx = ctx;
  }

  int usage(int exitCode) throws IOException {
    String text = "Usage: xe <cmd> [-s server] [-pw passwd] [-p port] [-u user] [-pwf password-file]\n"
        + "  [command specific arguments]\n\nTo get help on a specific command: xe help <command>\n"
        + "To get a full listing of commands: xe help --all\n\n";
    if (exitCode == 0) {
      ctx.print(text);
    } else {
      ctx.printErr(text);
    }
    return exitCode;
  }

  int paramError(String kind, String value) throws IOException {
    ctx.printErr(kind + ": " + value + "\nFor usage run: 'xe help'\n");
    return 1;
  }

  /** An API error: its description, then {@code name: value} per parameter (pairs in {@code params}). */
  int serverError(String description, String... params) throws IOException {
    StringBuilder sb = new StringBuilder(description).append('\n');
    for (int i = 0; i + 1 < params.length; i += 2) {
      sb.append(params[i]).append(": ").append(params[i + 1]).append('\n');
    }
    ctx.printErr(sb.toString());
    return 1;
  }

  int internalError(String message) throws IOException {
    return serverError(INTERNAL_ERROR, "message", message);
  }

  int plainError(String message) throws IOException {
    ctx.printErr(message + "\n");
    return 1;
  }

  /**
   * Prints the records matching the filters in {@code params} ({@code field=value}), showing
   * the {@code shown} fields ("name (ANN)"). A filter on a field the class lacks is xe's
   * "Missing parameter" error.
   */
  int records(List<Map<String, String>> records, Map<String, String> params, Set<String> std, String... shown)
      throws IOException {
    for (String key : params.keySet()) {
      if (!std.contains(key) && !records.isEmpty() && !records.get(0).containsKey(key)) {
        ctx.printErr("Error code: Missing parameter\nError parameters: " + key + "\n");
        return 1;
      }
    }
    List<Map<String, String>> matching = records.stream().filter(r -> matches(r, params, std)).toList();
    if (params.containsKey("minimal")) {
      List<String> firsts = new ArrayList<>();
      String first = field(shown[0]);
      matching.forEach(r -> firsts.add(r.get(first).replace("\\", "\\\\").replace(",", "\\,")));
      ctx.print(String.join(",", firsts) + "\n");
      return 0;
    }
    int width = 4;
    for (String s : shown) {
      width = Math.max(width, s.length() + 4);
    }
    StringBuilder sb = new StringBuilder();
    for (Map<String, String> r : matching) {
      for (int i = 0; i < shown.length; i++) {
        String name = shown[i];
        String padded = i == 0 ? name + " ".repeat(width - name.length()) : " ".repeat(width - name.length()) + name;
        sb.append(padded).append(": ").append(r.get(field(name))).append('\n');
      }
      sb.append("\n\n");
    }
    ctx.print(sb.toString());
    return 0;
  }

  boolean matches(Map<String, String> record, Map<String, String> params, Set<String> std) {
    return params.entrySet().stream().filter(e -> !std.contains(e.getKey()))
        .allMatch(e -> e.getValue().equals(record.get(e.getKey())));
  }

  private static String field(String shown) {
    return shown.substring(0, shown.indexOf(" ("));
  }
}
