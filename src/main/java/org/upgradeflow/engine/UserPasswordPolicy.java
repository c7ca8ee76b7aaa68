package org.upgradeflow.engine;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start with a missing, empty or well-known admin password. Only the lab users
 * profile (part of the `lab` rehearsal profile) may use the lab's trivial passwords.
 */
@Component
class UserPasswordPolicy {

  static final String LAB_USERS_PROFILE = "lab-users";
  private static final Set<String> WELL_KNOWN = Set.of(
      "admin", "demo", "password", "changeme", "camunda", "secret", "root", "123456", "upgradeflow");

  private final boolean labUsers;

  UserPasswordPolicy(Environment environment) {
    this.labUsers = environment.acceptsProfiles(Profiles.of(LAB_USERS_PROFILE));
  }

  void check(List<SecurityProperties.UserEntry> users) {
    for (SecurityProperties.UserEntry user : users) {
      if (user.id() == null || user.id().isBlank()) {
        throw new IllegalStateException("upgradeflow.security.users: every user needs an id");
      }
      if (user.password() == null || user.password().isEmpty()) {
        throw new IllegalStateException("upgradeflow.security.users[" + user.id()
            + "].password: is empty; give an ENC(...) value (see README, 'Encrypting a secret')");
      }
    }
    if (labUsers) {
      return;
    }
    List<SecurityProperties.UserEntry> admins = users.stream()
        .filter(u -> u.groups().contains(Groups.ADMIN)).toList();
    if (admins.isEmpty()) {
      throw new IllegalStateException("upgradeflow.security.users: no user in group " + Groups.ADMIN
          + "; configure an administrator with an ENC(...) password (see README)");
    }
    for (SecurityProperties.UserEntry user : users) {
      String password = user.password().toLowerCase(Locale.ROOT);
      if (WELL_KNOWN.contains(password) || password.equals(user.id().toLowerCase(Locale.ROOT))) {
        throw new IllegalStateException("upgradeflow.security.users[" + user.id()
            + "].password: is a default or well-known password; refusing to start outside the lab");
      }
    }
  }
}
