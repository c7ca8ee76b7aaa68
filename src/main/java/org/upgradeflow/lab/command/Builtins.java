package org.upgradeflow.lab.command;

/** The generic programs every lab host has, whatever its OS family. */
final class Builtins {

  private Builtins() {
  }

  static void registerAll(LabCommandRegistry r) {
    TextCommands.register(r);
    FileCommands.register(r);
    DigestCommands.register(r);
    SystemCommands.register(r);
    TestCommand testCommand = new TestCommand();
    r.register("test", testCommand).register("[", testCommand);
  }
}
