package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The 4.0 guide's componentContext.xml change as a text edit: only the list's order moves. */
class ComponentContextTest {

  private static final String XML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <beans xmlns="http://www.springframework.org/schema/beans">
        <!-- Security adapters -->
        <bean id="userAuthenticators" class="com.cloud.utils.component.AdapterList">
          <property name="Adapters">
            <list>
              <ref bean="SHA256SaltedUserAuthenticator"/>
              <ref bean="MD5UserAuthenticator"/>
              <ref bean="LDAPUserAuthenticator"/>
              <ref bean="PlainTextUserAuthenticator"/>
            </list>
          </property>
        </bean>
        <bean id="userPasswordEncoders" class="com.cloud.utils.component.AdapterList">
          <property name="Adapters">
            <list>
              <ref bean="SHA256SaltedUserAuthenticator"/>
              <ref bean="PlainTextUserAuthenticator"/>
            </list>
          </property>
        </bean>
      </beans>
      """;

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
