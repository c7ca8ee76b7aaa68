package org.upgradeflow.cloudstack;

/** The KVM agent's property files: what 4.3 needs in them, as pure text edits. */
public final class AgentProperties {

  public static final String PATHS_SCRIPT = "paths.script=/usr/share/cloudstack-common";
  public static final String RESOURCE = "resource=com.cloud.hypervisor.kvm.resource.LibvirtComputingResource";
  static final String OLD_RESOURCE = "resource=com.cloud.agent.resource.computing.LibvirtComputingResource";

  private AgentProperties() {
  }

  /** environment.properties with the paths.script line the 4.3 agent needs; unchanged if present. */
  public static String withPathsScript(String environmentProperties) {
    for (String line : environmentProperties.split("\\R")) {
      if (line.strip().equals(PATHS_SCRIPT)) {
        return environmentProperties;
      }
    }
    String kept = environmentProperties.lines()
        .filter(l -> !l.strip().startsWith("paths.script=")).reduce("", (a, b) -> a + b + "\n");
    return kept + PATHS_SCRIPT + "\n";
  }

  /** agent.properties with the 4.x resource class (older installs name the pre-4.1 class). */
  public static String withCurrentResource(String agentProperties) {
    return agentProperties.contains(OLD_RESOURCE) ? agentProperties.replace(OLD_RESOURCE, RESOURCE) : agentProperties;
  }
}
