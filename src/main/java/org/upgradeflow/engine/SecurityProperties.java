package org.upgradeflow.engine;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Users of the service, seeded into the engine's identity service at every start. */
@ConfigurationProperties("upgradeflow.security")
public record SecurityProperties(List<UserEntry> users) {

  public SecurityProperties {
    users = users == null ? List.of() : List.copyOf(users);
  }

  /** One configured user; {@code password} arrives already decrypted from ENC(...). */
  public record UserEntry(String id, String password, String firstName, String lastName, String email,
      List<String> groups) {

    public UserEntry {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }

    @Override
    public String toString() {
      return "UserEntry[id=" + id + ", password=******, groups=" + groups + "]";
    }
  }
}
