package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;

/**
 * What every step of a path reads from its execution: the environment, the source and target
 * versions and, in a per-host step, the host of this instance ({@code host}).
 */
@Component
class PathRun {

  static final String HOST = "host";
  static final String TARGET_SERIES = "4.3";

  private final EnvironmentRegistry environments;

  PathRun(EnvironmentRegistry environments) {
    this.environments = environments;
  }

  Environment environment(DelegateExecution execution) {
    return environments.get(required(execution, UpgradeVariables.ENVIRONMENT_ID));
  }

  CloudStackVersion source(DelegateExecution execution) {
    return CloudStackVersion.parse(required(execution, UpgradeVariables.SOURCE_VERSION));
  }

  CloudStackVersion target(DelegateExecution execution) {
    return CloudStackVersion.parse(required(execution, UpgradeVariables.TARGET_VERSION));
  }

  /** The naming of the release the estate runs before this run (service names to stop). */
  Naming from(DelegateExecution execution) {
    return Naming.of(source(execution));
  }

  Host host(DelegateExecution execution, Environment env) {
    String name = required(execution, HOST);
    return env.host(name).orElseThrow(() -> new IllegalArgumentException(
        "host: '" + name + "' is not a host of environment " + env.id()));
  }

  /** The CloudStack service a management or usage server runs under {@code naming}. */
  static String service(Naming naming, Host host) {
    return switch (host.role()) {
      case MANAGEMENT_SERVER -> naming.managementService();
      case USAGE_SERVER -> naming.usageService();
      default -> throw new IllegalArgumentException("host: " + host.name() + " is a " + host.role()
          + ", expected a management or usage server");
    };
  }

  private static String required(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException(name + ": expected a non-empty string variable, got " + value);
    }
    return text;
  }
}
