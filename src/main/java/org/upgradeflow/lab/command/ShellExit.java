package org.upgradeflow.lab.command;

/** {@code exit N}: unwinds to the shell that runs the script. */
final class ShellExit extends RuntimeException {

  final int code;

  ShellExit(int code) {
    super(null, null, false, false);
    this.code = code;
  }
}
