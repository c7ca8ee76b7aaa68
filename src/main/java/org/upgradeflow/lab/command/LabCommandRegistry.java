package org.upgradeflow.lab.command;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Command behaviours by program name, layered: a host's own registry falls back to its OS
 * family's, which falls back to the generic built-ins. Later behaviours register where they
 * belong: {@code yum} for RHEL hosts, {@code upgrade-um.sh} for one appliance.
 *
 * <p>Keys are program names as sent ({@code systemctl}) or absolute paths of scripts on the
 * host ({@code /root/upgrade/upgrade-um.sh}); a program sent by absolute path from a standard
 * bin directory ({@code /usr/bin/yum}) finds the behaviour registered under its name.
 */
public final class LabCommandRegistry {

  private final LabCommandRegistry parent;
  private final Map<String, LabCommand> commands = new ConcurrentHashMap<>();

  public LabCommandRegistry(LabCommandRegistry parent) {
    this.parent = parent;
  }

  /** A registry holding the generic OS commands every host has (echo, cat, sha256sum, df, …). */
  public static LabCommandRegistry withBuiltins() {
    LabCommandRegistry r = new LabCommandRegistry(null);
    Builtins.registerAll(r);
    return r;
  }

  /** A registry that adds to (and may override) this one. */
  public LabCommandRegistry child() {
    return new LabCommandRegistry(this);
  }

  public LabCommandRegistry register(String program, LabCommand command) {
    commands.put(program, command);
    return this;
  }

  public Optional<LabCommand> find(String program) {
    LabCommand c = commands.get(program);
    if (c != null) {
      return Optional.of(c);
    }
    return parent == null ? Optional.empty() : parent.find(program);
  }
}
