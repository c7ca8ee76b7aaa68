package org.upgradeflow.cloudstack;

import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.remote.FileEdit;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Points a host's CloudStack repository file at a release: read over SFTP, edited in Java,
 * backup next to the file, atomic write, read back. Unchanged when it already points there.
 */
@Component
public class RepositoryPointer {

  private final RemoteShell shell;

  RepositoryPointer(RemoteShell shell) {
    this.shell = shell;
  }

  public FileEdit pointAt(Environment env, Host host, String version) {
    return shell.editFile(RemoteTarget.of(env, host.name()), RepositoryFile.path(host.os()),
        content -> RepositoryFile.pointAt(host.os(), content, env.repositoryUrl(), version));
  }
}
