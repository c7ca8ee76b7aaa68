package org.upgradeflow.lab.command;

/**
 * One unit that lands in the journal as one entry: an exec request, or a background job.
 * Commands mark it changed; the interpreter journals it once it ends.
 */
final class Execution {

  final boolean pty;
  private volatile boolean changed;

  Execution(boolean pty) {
    this.pty = pty;
  }

  void markChanged() {
    changed = true;
  }

  boolean changed() {
    return changed;
  }
}
