package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;

/**
 * Rollback, one host per job (a multi-instance over {@code rollbackHost}): repository file,
 * packages and configuration of a management, usage or KVM host back to the source release.
 * Out: a line per host appended to {@code rollbackSummary}.
 */
@Component("reinstallSourcePackages")
class ReinstallSourcePackagesStep implements JavaDelegate {

  static final String HOST = "rollbackHost";
  static final String SUMMARY = "rollbackSummary";

  private final EnvironmentRegistry environments;
  private final SourceReinstall reinstall;

  ReinstallSourcePackagesStep(EnvironmentRegistry environments, SourceReinstall reinstall) {
    this.environments = environments;
    this.reinstall = reinstall;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get(KvmHostVariables.text(execution, UpgradeVariables.ENVIRONMENT_ID));
    String source = KvmHostVariables.text(execution, UpgradeVariables.SOURCE_VERSION);
    String name = KvmHostVariables.text(execution, HOST);
    Host host = env.host(name).orElseThrow(() -> new IllegalArgumentException(
        HOST + ": environment " + env.id() + " has no host " + name));
    SourceReinstall.Result r = reinstall.reinstall(env, host, source, RunScope.runId(execution));
    String line = r.host() + ": " + (r.packagesReinstalled().isEmpty() ? "packages at " + source
        : String.join(", ", r.packagesReinstalled()) + " -> " + source)
        + (r.repositoryRestored() ? ", repository file restored" : "");
    Object before = execution.getVariable(SUMMARY);
    String summary = before == null || before.toString().isBlank() ? line : before + "\n" + line;
    execution.setVariable(SUMMARY, UpgradeVariables.fitted(summary, "the service log"));
  }
}
