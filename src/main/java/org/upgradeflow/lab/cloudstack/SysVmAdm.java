package org.upgradeflow.lab.cloudstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;

/**
 * {@code cloudstack-sysvmadm} (4.3's {@code /usr/bin/cloudstack-sysvmadm}): options parsed as
 * bash getopts {@code d:u:p:m:t:l:z:srnva} does (an unknown flag such as {@code -c} prints
 * {@code illegal option -- c} and the rest still count); the running system VMs come from the
 * estate's {@code vm_instance}; each stop/start goes through the unauthenticated API, which
 * only answers when {@code integration.api.port} is 8096 and a management server was started
 * after it was set. Lines go to the {@code -l} log file, or to stdout without {@code -l}; each restarted VM is recorded in {@link CloudStackLab#restarts()}.
 */
final class SysVmAdm implements LabCommand {

  private static final String WITH_ARG = "dumptlz";
  private static final String FLAGS = "srnva";

  private final CloudStackLab lab;

  SysVmAdm(CloudStackLab lab) {
    this.lab = lab;
  }

  @Override
  public int run(CommandContext ctx) throws Exception {
    Map<Character, String> opts = new HashMap<>();
    List<String> args = ctx.args();
    String self = ctx.program();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("-") || a.equals("-")) {
        break;
      }
      if (a.equals("--")) {
        break;
      }
      for (int j = 1; j < a.length(); j++) {
        char c = a.charAt(j);
        if (WITH_ARG.indexOf(c) >= 0) {
          String value = j + 1 < a.length() ? a.substring(j + 1) : i + 1 < args.size() ? args.get(++i) : null;
          if (value == null) {
            ctx.printErr(self + ": option requires an argument -- " + c + "\n");
          } else {
            opts.put(c, value);
          }
          break;
        } else if (FLAGS.indexOf(c) >= 0) {
          opts.put(c, "1");
        } else {
          ctx.printErr(self + ": illegal option -- " + c + "\n");
        }
      }
    }
    boolean system = opts.containsKey('s') || opts.containsKey('a');
    boolean routers = opts.containsKey('r') || opts.containsKey('a');
    Path log = opts.containsKey('l') ? ctx.path(opts.get('l')) : null;
    String zone = opts.get('z');
    boolean apiOpen = "8096".equals(lab.apiPortAtLastStart) && "8096".equals(currentApiPort());
    if (system || routers) {
      ctx.stateChanged();
    }
    if (system) {
      restart(ctx, log, zone, apiOpen, "SecondaryStorageVm",
          "Stopping and starting %d secondary storage vm(s)...", "Done stopping and starting secondary storage vm(s)",
          "No running secondary storage vms found ", "ERROR: Failed to stop secondary storage vm with id %d ");
      restart(ctx, log, zone, apiOpen, "ConsoleProxy",
          "Stopping and starting %d console proxy vm(s)...", "Done stopping and starting console proxy vm(s) .",
          "No running console proxy vms found ", apiOpen ? "ERROR: Failed to start console proxy vm with id %d "
              : "ERROR: Failed to stop console proxy vm with id %d ");
    }
    if (routers) {
      restart(ctx, log, zone, apiOpen, "DomainRouter",
          "Stopping and starting %d running routing vm(s)... ", "Done restarting router(s). ",
          "No running routing vms found ", "ERROR: Failed to restart domainRouter with id %d ");
    }
    return 0;
  }

  private void restart(CommandContext ctx, Path log, String zone, boolean apiOpen, String type, String starting,
      String done, String none, String failed) throws Exception {
    record Vm(long id, String name) {
    }
    List<Vm> vms = new ArrayList<>();
    try (Connection c = lab.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT id, name FROM vm_instance WHERE state = 'Running' AND type = ? AND removed IS NULL"
            + (zone == null ? "" : " AND data_center_id = ?") + " ORDER BY id")) {
      ps.setString(1, type);
      if (zone != null) {
        ps.setString(2, zone);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          vms.add(new Vm(rs.getLong(1), rs.getString(2)));
        }
      }
    }
    if (vms.isEmpty()) {
      line(ctx, log, none);
      return;
    }
    line(ctx, log, String.format(starting, vms.size()));
    for (Vm vm : vms) {
      ctx.sleep(lab.timings().systemVmRestart());
      if (!apiOpen || lab.failingSystemVms.contains(vm.id())) {
        line(ctx, log, String.format(failed, vm.id()));
      } else {
        lab.restarts.add(new CloudStackLab.SystemVmRestart(vm.id(), vm.name(), type, ctx.host().hostname(), Instant.now()));
      }
    }
    line(ctx, log, done);
  }

  private static void line(CommandContext ctx, Path log, String text) throws IOException {
    if (log == null) {
      ctx.print(text + "\n");
      return;
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    Files.writeString(log, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private String currentApiPort() throws Exception {
    try (Connection c = lab.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT value FROM configuration WHERE name = 'integration.api.port'"); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
