package org.upgradeflow.lab.behaviour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.upgradeflow.lab.host.LabHostState;

/**
 * What removing one package does besides forgetting it: its service is stopped and its init
 * script goes (the packages' %preun / prerm: {@code service X stop}, {@code chkconfig --del}),
 * and the files it shipped ({@link PackageFiles}) go unless the admin changed them: rpm keeps a
 * changed configuration file as {@code <file>.rpmsave}, {@code apt-get remove} keeps conffiles in
 * place and only {@code purge} deletes them.
 */
final class PackageRemoval {

  enum Changed { RPMSAVE, KEEP, DELETE }

  private PackageRemoval() {
  }

  /** @return the installed version that was removed */
  static String remove(LabHostState host, String pkg, Changed changed) throws IOException {
    String version = host.packages().remove(pkg);
    CloudStackPackaging.servicesOf(pkg).forEach(host.services()::remove);
    for (var shipped : PackageFiles.shipped(pkg).entrySet()) {
      Path p = host.path(shipped.getKey());
      if (!Files.isRegularFile(p)) {
        continue;
      }
      boolean asShipped = Files.readString(p, StandardCharsets.UTF_8).equals(shipped.getValue());
      if (asShipped || changed == Changed.DELETE) {
        Files.delete(p);
      } else if (changed == Changed.RPMSAVE) {
        Files.move(p, p.resolveSibling(p.getFileName() + ".rpmsave"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return version;
  }
}
