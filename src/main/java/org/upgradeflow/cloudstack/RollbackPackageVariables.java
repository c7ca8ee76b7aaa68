package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;

/**
 * The variables of the rollback's per-host package run (CloudStackRollback,
 * SubProcess_ReinstallSourcePackages, one instance per host of {@code rollbackHost}). In:
 * {@code environmentId}, {@code sourceVersion}, {@code runId}. Own, named {@code <name>.<host>} on
 * the rollback instance (so the next host starts fresh, and a step run twice, or redone by a
 * process instance modification, finds them whatever the execution tree): the job followed, its
 * deadline on the engine's clock, the changes it makes, whether the repository file was restored;
 * {@code rollbackPackageRunning} for the gateway (hosts go one after the other). Out: a line per
 * host appended to {@code rollbackSummary}.
 */
final class RollbackPackageVariables {

  static final String HOST = "rollbackHost";
  static final String SUMMARY = "rollbackSummary";
  static final String JOB = "rollbackPackageJob";
  static final String RUNNING = "rollbackPackageRunning";
  static final String DEADLINE = "rollbackPackageDeadline";
  static final String CHANGES = "rollbackPackageChanges";
  static final String REPOSITORY_RESTORED = "rollbackRepositoryRestored";
  /**
   * The rollback has no gate to retry a package run from (a failure is an incident for a person),
   * so each host has one attempt: a step run twice follows that job, never starts another.
   */
  static final int ATTEMPT = 1;

  private RollbackPackageVariables() {
  }

  /** The variable {@code name} of the host of this instance. */
  static String ofHost(DelegateExecution execution, String name) {
    return name + "." + KvmHostVariables.text(execution, HOST);
  }

  static Environment environment(DelegateExecution execution, EnvironmentRegistry environments) {
    return environments.get(KvmHostVariables.text(execution, UpgradeVariables.ENVIRONMENT_ID));
  }

  static Host host(DelegateExecution execution, Environment env) {
    String name = KvmHostVariables.text(execution, HOST);
    return env.host(name).orElseThrow(() -> new IllegalArgumentException(
        HOST + ": environment " + env.id() + " has no host " + name));
  }

  static String source(DelegateExecution execution) {
    return KvmHostVariables.text(execution, UpgradeVariables.SOURCE_VERSION);
  }
}
