package org.upgradeflow.lab.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Writes {@code data/lab/known_hosts}: one {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...} line
 * per running lab host, in OpenSSH format, so clients verify lab host keys exactly as they
 * verify production ones. Rewritten whole (atomically) whenever hosts start.
 */
public final class LabKnownHosts {

  private final Path file;

  public LabKnownHosts(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public synchronized void write(Collection<LabHost> hosts) {
    String content = hosts.stream()
        .filter(h -> h.port() > 0)
        .map(LabHost::knownHostsLine)
        .collect(Collectors.joining("\n", "", hosts.isEmpty() ? "" : "\n"));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write lab known_hosts " + file, e);
    }
  }
}
