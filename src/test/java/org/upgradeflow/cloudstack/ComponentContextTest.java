package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.upgradeflow.lab.behaviour.PackageFiles;

/** The 4.0 guide's componentContext.xml change as a text edit: only the list's order moves. */
class ComponentContextTest {

  /** The file the lab's 4.x cloudstack-management package ships (4.3's lists: SHA256Salted first). */
  private static final String XML = PackageFiles.shipped("cloudstack-management").get(ComponentContext.PATH);

  @Test
  void movesPlainTextToTheFrontOfUserAuthenticatorsOnly() {
    String edited = ComponentContext.withPlainTextFirst(XML);
    assertThat(ComponentContext.authenticators(edited)).containsExactly("PlainTextUserAuthenticator",
        "SHA256SaltedUserAuthenticator", "MD5UserAuthenticator", "LDAPUserAuthenticator");
    assertThat(edited.substring(edited.indexOf("userPasswordEncoders")))
        .isEqualTo(XML.substring(XML.indexOf("userPasswordEncoders")));
    assertThat(edited.lines().count()).isEqualTo(XML.lines().count());
    assertThat(ComponentContext.withPlainTextFirst(edited)).isSameAs(edited);
  }

  @Test
  void refusesWhatItCannotChangeSafely() {
    String withoutPlainText = XML.replaceFirst(" *<ref bean=\"PlainTextUserAuthenticator\"/>\n", "");
    assertThat(ComponentContext.authenticators(withoutPlainText)).hasSize(3);
    assertThatThrownBy(() -> ComponentContext.withPlainTextFirst(withoutPlainText))
        .hasMessageContaining("has no PlainTextUserAuthenticator");
    assertThatThrownBy(() -> ComponentContext.withPlainTextFirst("<beans/>"))
        .hasMessageContaining("no <bean id=\"userAuthenticators\"> found");
  }
}
