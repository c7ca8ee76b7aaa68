package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LegacyComponentsXmlTest {

  private static final String STOCK = LegacyComponentsXml.stock();

  @Test
  void theStockFileHasNoCustomisationEvenReformattedAndCommented() {
    assertThat(LegacyComponentsXml.customisations(STOCK)).isEmpty();
    String reformatted = STOCK.replace("        <adapters", "<!-- ours -->\n<adapters").replace("    ", "\t");
    assertThat(LegacyComponentsXml.customisations(reformatted)).isEmpty();
  }

  @Test
  void comparesWithTheReleasesOwnStockFileWhenOneIsGiven() {
    String release = STOCK.replace("<adapter name=\"KVMFenceBuilder\" class=\"com.cloud.ha.KVMFencer\"/>",
        "<adapter name=\"KVMFenceBuilder\" class=\"com.cloud.ha.KVMFencer\"/><adapter name=\"Ovm\" class=\"com.cloud.ha.OvmFencer\"/>");
    // against the abridged reference the release's own entry looks added; against the release's file it is stock
    assertThat(LegacyComponentsXml.customisations(release)).hasSize(1);
    assertThat(LegacyComponentsXml.customisations(release, release)).isEmpty();
    assertThat(LegacyComponentsXml.customisations(STOCK, release)).extracting(Object::toString).containsExactly(
        "removed management-server/adapters[com.cloud.ha.FenceBuilder]/adapter[Ovm] (class=com.cloud.ha.OvmFencer)");
  }

  @Test
  void namesAnAddedAdapterWithItsClass() {
    String site = STOCK.replace("<adapter name=\"KVMFenceBuilder\" class=\"com.cloud.ha.KVMFencer\"/>",
        "<adapter name=\"KVMFenceBuilder\" class=\"com.cloud.ha.KVMFencer\"/><adapter name=\"Ipmi\" class=\"org.example.Ipmi\"/>");
    assertThat(LegacyComponentsXml.customisations(site)).extracting(Object::toString).containsExactly(
        "added management-server/adapters[com.cloud.ha.FenceBuilder]/adapter[Ipmi] (class=org.example.Ipmi)");
  }

  @Test
  void namesAChangedClassARemovedAdapterAndAChangedParameter() {
    String site = STOCK.replace("com.cloud.ha.XenServerInvestigator", "org.example.XenInvestigator")
        .replace("<adapter name=\"LDAP\" class=\"com.cloud.server.auth.LDAPUserAuthenticator\"/>", "")
        .replace("<param name=\"premium\">true</param>", "<param name=\"premium\">false</param>");
    assertThat(LegacyComponentsXml.customisations(site)).extracting(Object::toString).containsExactlyInAnyOrder(
        "changed management-server/adapters[com.cloud.ha.Investigator]/adapter[XenServerInvestigator]"
            + " (stock: class=com.cloud.ha.XenServerInvestigator; here: class=org.example.XenInvestigator)",
        "changed configuration-server/dao[Configuration configuration server]/param[premium]"
            + " (stock: value=true; here: value=false)",
        "removed management-server/adapters[com.cloud.server.auth.UserAuthenticator]/adapter[LDAP]"
            + " (class=com.cloud.server.auth.LDAPUserAuthenticator)");
  }

  @Test
  void refusesWhatIsNotXmlAndDocumentTypes() {
    assertThatThrownBy(() -> LegacyComponentsXml.customisations("<components.xml>"))
        .hasMessageContaining("components.xml is not well-formed XML");
    assertThatThrownBy(() -> LegacyComponentsXml.customisations(
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><components.xml>&e;</components.xml>"))
        .hasMessageContaining("not well-formed");
  }

  @Test
  void anRpmsaveNameIsTheOriginalUnlessBothAreThere() {
    assertThat(LegacyConfig.originalName("db.properties.rpmsave", java.util.Set.of("db.properties.rpmsave", "key")))
        .isEqualTo("db.properties");
    assertThat(LegacyConfig.originalName("db.properties.rpmsave", java.util.Set.of("db.properties.rpmsave", "db.properties")))
        .isEqualTo("db.properties.rpmsave");
    assertThat(LegacyConfig.originalName("key", java.util.Set.of("key"))).isEqualTo("key");
  }
}
