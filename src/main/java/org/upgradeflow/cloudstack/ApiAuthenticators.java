package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.remote.FileEdit;
import org.upgradeflow.remote.RemoteShell;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Applies the API authenticator choice to componentContext.xml on every management server, over
 * SFTP: edited in Java, backup copy next to the file, atomic write, read back ({@link RemoteShell#editFile}).
 * Runs after the 4.3 package is installed (the file comes with it) and before the first start.
 */
@Component
public class ApiAuthenticators {

  /** What one management server's file says now. */
  public record Applied(String host, boolean changed, String backup, String defaultAuthenticator) {
    @Override
    public String toString() {
      return host + ": " + defaultAuthenticator + " is the default authenticator"
          + (changed ? " (changed; backup " + backup + ")" : " (unchanged)");
    }
  }

  private final RemoteShell shell;

  ApiAuthenticators(RemoteShell shell) {
    this.shell = shell;
  }

  public List<Applied> apply(Environment env, ApiAuthenticator choice) {
    List<Applied> applied = new ArrayList<>();
    for (Host ms : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      RemoteTarget target = RemoteTarget.of(env, ms.name());
      FileEdit edit = choice == ApiAuthenticator.MD5_COMPATIBLE
          ? shell.editFile(target, ComponentContext.PATH, ComponentContext::withPlainTextFirst)
          : new FileEdit(ComponentContext.PATH, false, null);
      String now = shell.readFile(target, ComponentContext.PATH);
      List<String> order = ComponentContext.authenticators(now);
      if (choice == ApiAuthenticator.MD5_COMPATIBLE && !ComponentContext.PLAIN_TEXT.equals(order.get(0))) {
        throw new IllegalStateException(ms.name() + ": " + ComponentContext.PATH + " still starts with " + order.get(0)
            + " after the edit");
      }
      applied.add(new Applied(ms.name(), edit.changed(), edit.backup(), order.isEmpty() ? "(none)" : order.get(0)));
    }
    return applied;
  }
}
