package org.upgradeflow.cloudstack;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/** Installed package versions as rpm / dpkg report them: the "check" of a rollback's package steps. */
@Component
class InstalledPackages {

  private final RemoteShell shell;

  InstalledPackages(RemoteShell shell) {
    this.shell = shell;
  }

  /** The installed version, empty when the package is not installed. */
  Optional<String> version(RemoteTarget target, OsFamily os, String pkg) {
    ExecResult query = shell.exec(target, HostCommands.installedVersion(os, pkg));
    return query.ok() && !query.stdout().isBlank() ? Optional.of(query.stdout().strip()) : Optional.empty();
  }

  /**
   * After a package run: every one of {@code packages} at exactly {@code version}, else an error
   * naming the host, the package, what is installed and the end of the run's output.
   */
  void requireAt(RemoteTarget target, Host host, List<String> packages, String version, ExecResult run, String what) {
    for (String pkg : packages) {
      Optional<String> now = version(target, host.os(), pkg);
      if (!run.ok() || now.isEmpty() || !now.get().equals(version)) {
        throw new RemoteShellException(host.name() + ": " + pkg + " is " + now.orElse("not installed")
            + " after the " + what + " (exit " + run.exitStatus() + "), not " + version
            + "; does the repository serve " + version + "? " + tail(run));
      }
    }
  }

  /** Packages of the list that are installed (any version). */
  List<String> present(RemoteTarget target, OsFamily os, List<String> packages) {
    return packages.stream().filter(p -> version(target, os, p).isPresent()).toList();
  }

  static String tail(ExecResult result) {
    String text = (result.stdout() + " " + result.stderr()).strip();
    return text.length() > 300 ? text.substring(text.length() - 300) : text;
  }
}
