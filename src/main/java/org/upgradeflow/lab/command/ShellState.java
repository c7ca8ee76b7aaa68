package org.upgradeflow.lab.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a shell process remembers between commands: cwd, variables, {@code $?}, {@code $!}. */
final class ShellState {

  Path cwd;
  final Map<String, String> vars;
  List<String> positional; // $0 first
  int lastExit;
  String lastBackgroundPid = "";
  final int pid;
  final String shellName;
  final ShellDialect dialect;

  private ShellState(Path cwd, Map<String, String> vars, List<String> positional, int pid,
      String shellName, ShellDialect dialect) {
    this.cwd = cwd;
    this.vars = vars;
    this.positional = positional;
    this.pid = pid;
    this.shellName = shellName;
    this.dialect = dialect;
  }

  /** The shell sshd starts for an exec request: root's login shell in its home directory. */
  static ShellState login(Path home, String user, String hostname, int pid) {
    Map<String, String> vars = new HashMap<>();
    vars.put("HOME", home.toString());
    vars.put("USER", user);
    vars.put("LOGNAME", user);
    vars.put("SHELL", "/bin/bash");
    vars.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    vars.put("HOSTNAME", hostname);
    return new ShellState(home, vars, List.of("bash"), pid, "bash", ShellDialect.BASH);
  }

  /** A child shell ({@code sh -c}, a script, a background job): copies of cwd and variables. */
  ShellState child(String shellName, ShellDialect dialect, List<String> positional, int pid) {
    ShellState c = new ShellState(cwd, new HashMap<>(vars), new ArrayList<>(positional), pid, shellName, dialect);
    c.lastExit = lastExit;
    c.lastBackgroundPid = lastBackgroundPid;
    return c;
  }

  /** The same shell seen by a background list: a subshell sharing nothing mutable. */
  ShellState subshell() {
    return child(shellName, dialect, positional, pid);
  }

  Path resolve(String path) {
    return cwd.resolve(path).normalize();
  }
}
