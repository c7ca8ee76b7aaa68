package org.upgradeflow.cloudstack;

import static org.upgradeflow.cloudstack.RollbackPackageVariables.CHANGES;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.JOB;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.REPOSITORY_RESTORED;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.SUMMARY;
import static org.upgradeflow.cloudstack.RollbackPackageVariables.ofHost;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;

/**
 * Rollback, one host, after its package run: every package at the source release (else the step
 * fails naming host, package and versions: an incident once the retries are spent), then on 4.0
 * the configuration back. Out: the host's line appended to {@code rollbackSummary}.
 */
@Component("verifySourcePackages")
class VerifySourcePackagesStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final SourceReinstall reinstall;

  VerifySourcePackagesStep(EnvironmentRegistry environments, SourceReinstall reinstall) {
    this.environments = environments;
    this.reinstall = reinstall;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = RollbackPackageVariables.environment(execution, environments);
    Host host = RollbackPackageVariables.host(execution, env);
    String source = RollbackPackageVariables.source(execution);
    Object changes = execution.getVariable(ofHost(execution, CHANGES));
    List<String> changed = changes == null || changes.toString().isBlank() ? List.of()
        : Arrays.asList(changes.toString().split(","));
    SourceReinstall.Result r = reinstall.finish(env, host, source, RunScope.runId(execution),
        (String) execution.getVariable(ofHost(execution, JOB)),
        Boolean.TRUE.equals(execution.getVariable(ofHost(execution, REPOSITORY_RESTORED))), changed);
    String line = r.host() + ": " + (r.packagesReinstalled().isEmpty() ? "packages at " + source
        : String.join(", ", r.packagesReinstalled()) + " -> " + source)
        + (r.repositoryRestored() ? ", repository file restored" : "");
    Object before = execution.getVariable(SUMMARY);
    String summary = before == null || before.toString().isBlank() ? line : before + "\n" + line;
    execution.setVariable(SUMMARY, UpgradeVariables.fitted(summary, "the service log"));
  }
}
