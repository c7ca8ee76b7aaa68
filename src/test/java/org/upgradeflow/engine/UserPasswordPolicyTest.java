package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class UserPasswordPolicyTest {

  private static SecurityProperties.UserEntry user(String id, String password, String... groups) {
    return new SecurityProperties.UserEntry(id, password, null, null, null, List.of(groups));
  }

  private final UserPasswordPolicy production = new UserPasswordPolicy(new MockEnvironment());

  @Test
  void refusesToStartWithoutAnAdministrator() {
    assertThatThrownBy(() -> production.check(List.of(user("cm", "Xk2-long-pass", Groups.CHANGE_MANAGERS))))
        .hasMessageContaining("no user in group camunda-admin");
  }

  @Test
  void refusesEmptyOrDefaultAdminPasswords() {
    assertThatThrownBy(() -> production.check(List.of(user("admin", "", Groups.ADMIN))))
        .hasMessageContaining("upgradeflow.security.users[admin].password: is empty");
    assertThatThrownBy(() -> production.check(List.of(user("admin", "admin", Groups.ADMIN))))
        .hasMessageContaining("is a default or well-known password");
    assertThatThrownBy(() -> production.check(List.of(user("root", "ROOT", Groups.ADMIN))))
        .hasMessageContaining("upgradeflow.security.users[root].password: is a default or well-known password");
  }

  @Test
  void acceptsAStrongAdminPasswordAndTheLabUsersOnlyInTheLab() {
    assertThatCode(() -> production.check(List.of(user("admin", "k7#Qz-91-long", Groups.ADMIN)))).doesNotThrowAnyException();
    MockEnvironment labEnvironment = new MockEnvironment();
    labEnvironment.setActiveProfiles(UserPasswordPolicy.LAB_USERS_PROFILE);
    UserPasswordPolicy lab = new UserPasswordPolicy(labEnvironment);
    assertThatCode(() -> lab.check(List.of(user("admin", "admin", Groups.ADMIN)))).doesNotThrowAnyException();
  }
}
