package org.upgradeflow.lab.behaviour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.upgradeflow.lab.host.LabHostState;

/**
 * Files the lab's 4.1+ packages put on a host, beyond what PackageTransaction models: the
 * management server's Spring context {@code componentContext.xml} (a configuration file, never
 * replaced once there; 4.0 had {@code components.xml} instead, which the package leaves alone)
 * and the XenServer scripts directory of {@code cloudstack-common}, where the guide copies
 * {@code vhd-util}. The context is abridged to what the upgrade touches; the authenticator lists
 * are the 4.3 ones (SHA256Salted first; the guide's 4.0 step moves PlainText to the front).
 */
public final class PackageFiles {

  public static final String COMPONENT_CONTEXT = "/etc/cloudstack/management/componentContext.xml";
  public static final String XENSERVER_SCRIPTS = "/usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver";
  /** The 4.0 management server's component configuration, shipped by {@code cloud-client}. */
  public static final String COMPONENTS_XML = "/etc/cloud/management/components.xml";
  /**
   * What the lab's {@code cloud-client} ships there: the stock 4.0 file UpgradeFlow compares a
   * site's file with (one copy of it, in UpgradeFlow's resources, so the two cannot drift).
   */
  private static final String STOCK_COMPONENTS_XML = "/org/upgradeflow/cloudstack/components-4.0.xml";

  private PackageFiles() {
  }

  /** Path to content of what {@code pkg} ships. */
  public static Map<String, String> shipped(String pkg) {
    return switch (pkg) {
      case "cloudstack-management" -> Map.of(COMPONENT_CONTEXT, COMPONENT_CONTEXT_XML);
      case "cloudstack-common" -> Map.of(XENSERVER_SCRIPTS + "/vmops", "#!/usr/bin/python\n# CloudStack XenServer plugin (lab)\n");
      case "cloud-client" -> Map.of(COMPONENTS_XML, stockComponentsXml());
      default -> Map.of();
    };
  }

  private static String stockComponentsXml() {
    try (var in = PackageFiles.class.getResourceAsStream(STOCK_COMPONENTS_XML)) {
      if (in == null) {
        throw new IllegalStateException(STOCK_COMPONENTS_XML + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes what {@code pkg} ships where nothing is yet (configuration the admin changed stays). */
  static void install(LabHostState host, String pkg) throws IOException {
    for (var e : shipped(pkg).entrySet()) {
      Path p = host.path(e.getKey());
      if (!Files.exists(p)) {
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      }
    }
  }

  private static final String COMPONENT_CONTEXT_XML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!--
        Licensed to the Apache Software Foundation (ASF) under one or more contributor license agreements.
        (UpgradeFlow lab: abridged to the beans the upgrade guide touches.)
      -->
      <beans xmlns="http://www.springframework.org/schema/beans"
             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
             xmlns:context="http://www.springframework.org/schema/context"
             xsi:schemaLocation="http://www.springframework.org/schema/beans
                                 http://www.springframework.org/schema/beans/spring-beans-3.0.xsd
                                 http://www.springframework.org/schema/context
                                 http://www.springframework.org/schema/context/spring-context-3.0.xsd">

        <context:annotation-config />

        <!--
          Security adapters
        -->
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
              <ref bean="MD5UserAuthenticator"/>
              <ref bean="LDAPUserAuthenticator"/>
              <ref bean="PlainTextUserAuthenticator"/>
            </list>
          </property>
        </bean>

        <bean id="securityCheckers" class="com.cloud.utils.component.AdapterList">
          <property name="Adapters">
            <list>
              <ref bean="affinityGroupAccessChecker"/>
              <ref bean="domainChecker"/>
            </list>
          </property>
        </bean>

      </beans>
      """;
}
