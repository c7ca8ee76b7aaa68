package org.upgradeflow.lab.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a shell process remembers between commands: cwd, variables, {@code $?}, {@code $!}, umask. */
final class ShellState {

  Path cwd;
  final Map<String, String> vars;
  List<String> positional; // $0 first
  int lastExit;
  String lastBackgroundPid = "";
  /** The file mode creation mask {@code umask} sets; recorded, not applied to the filesystem. */
  int umask = 0022;
  /** Exit status of the last command substitution of the command being expanded, or -1. */
  int lastSubstitution = -1;
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
    c.umask = umask;
    return c;
  }

  /**
   * This shell as a program started with {@code NAME=value} prefixes sees it: the same, with
   * those variables in its environment. Only for starting child shells; nothing flows back.
   */
  ShellState withEnvironment(Map<String, String> env) {
    if (env == vars) {
      return this;
    }
    ShellState c = child(shellName, dialect, positional, pid);
    c.vars.putAll(env);
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
