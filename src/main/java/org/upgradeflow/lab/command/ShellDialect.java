package org.upgradeflow.lab.command;

/**
 * How a shell words its errors. The login shell of root is bash on every OS family; {@code sh}
 * is dash on Ubuntu and bash elsewhere, so {@code sh -c} on Ubuntu answers in dash's words.
 */
enum ShellDialect {
  BASH, DASH;

  String notFound(String shell, String program) {
    return this == DASH ? shell + ": 1: " + program + ": not found\n" : shell + ": " + program + ": command not found\n";
  }

  String syntaxError(String shell, String message) {
    return this == DASH ? shell + ": 1: " + message + "\n" : shell + ": -c: line 1: " + message + "\n";
  }

  /** A command-level error such as a redirection that cannot be opened. */
  String error(String shell, String message) {
    return this == DASH ? shell + ": 1: " + message + "\n" : shell + ": " + message + "\n";
  }
}
