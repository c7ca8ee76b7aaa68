package org.upgradeflow.lab.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSH client against a lab host, with strict host key checking against the lab's
 * known_hosts file and the lab key: the way a person reaches the lab.
 */
final class SshCli {

  record Result(int exitCode, String stdout, String stderr) {
  }

  private SshCli() {
  }

  static List<String> baseCommand(LabHostFleet fleet, LabHost host) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/ssh", "-F", "/dev/null",
        "-o", "UserKnownHostsFile=" + fleet.knownHostsFile().toAbsolutePath(),
        "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "StrictHostKeyChecking=yes",
        "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes",
        "-o", "ConnectTimeout=30",
        "-o", "LogLevel=ERROR",
        "-i", fleet.clientKeyFile().toAbsolutePath().toString(),
        "-p", String.valueOf(host.port()),
        "root@127.0.0.1"));
    return cmd;
  }

  static Result run(LabHostFleet fleet, LabHost host, String commandLine) throws IOException, InterruptedException {
    List<String> cmd = baseCommand(fleet, host);
    cmd.add(commandLine);
    return exec(cmd);
  }

  static Result exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
    // drain both streams while the process runs, so large output cannot block it
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    Thread t1 = new Thread(() -> copy(p.getInputStream(), out));
    Thread t2 = new Thread(() -> copy(p.getErrorStream(), err));
    t1.start();
    t2.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("ssh did not finish: " + cmd);
    }
    t1.join();
    t2.join();
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void copy(java.io.InputStream in, java.io.OutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException ignored) {
      // process ended
    }
  }
}
