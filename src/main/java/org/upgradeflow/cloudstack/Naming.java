package org.upgradeflow.cloudstack;

/**
 * Package, service and path names of a CloudStack release: 2.2, 3.0 and 4.0 use {@code cloud-*}
 * and {@code /etc/cloud}; 4.1 and later {@code cloudstack-*} and {@code /etc/cloudstack}.
 */
public enum Naming {
  LEGACY("cloud-client", "cloud-management", "cloud-usage", "cloud-agent", "/etc/cloud", "/var/log/cloud"),
  CURRENT("cloudstack-management", "cloudstack-management", "cloudstack-usage", "cloudstack-agent",
      "/etc/cloudstack", "/var/log/cloudstack");

  private final String managementPackage;
  private final String managementService;
  private final String usageService;
  private final String agentService;
  private final String configDir;
  private final String logDir;

  Naming(String managementPackage, String managementService, String usageService, String agentService,
      String configDir, String logDir) {
    this.managementPackage = managementPackage;
    this.managementService = managementService;
    this.usageService = usageService;
    this.agentService = agentService;
    this.configDir = configDir;
    this.logDir = logDir;
  }

  public static Naming of(CloudStackVersion version) {
    return version.compareTo(CloudStackVersion.of(4, 1, 0)) < 0 ? LEGACY : CURRENT;
  }

  public String managementPackage() {
    return managementPackage;
  }

  public String managementService() {
    return managementService;
  }

  public String usageService() {
    return usageService;
  }

  /** The usage package carries the service's name in both eras. */
  public String usagePackage() {
    return usageService;
  }

  public String agentService() {
    return agentService;
  }

  /** The agent package carries the service's name in both eras. */
  public String agentPackage() {
    return agentService;
  }

  /** {@code /etc/cloud} or {@code /etc/cloudstack}. */
  public String configDir() {
    return configDir;
  }

  public String managementKeyFile() {
    return configDir + "/management/key";
  }

  public String agentProperties() {
    return configDir + "/agent/agent.properties";
  }

  public String agentEnvironmentProperties() {
    return configDir + "/agent/environment.properties";
  }

  public String agentLog() {
    return logDir + "/agent/agent.log";
  }

  public String managementLog() {
    return logDir + "/management/management-server.log";
  }
}
