package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;

/** Rollback: repository files and packages of management, usage and KVM hosts back to the source. */
@Component("reinstallSourcePackages")
class ReinstallSourcePackagesStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final SourceReinstall reinstall;

  ReinstallSourcePackagesStep(EnvironmentRegistry environments, SourceReinstall reinstall) {
    this.environments = environments;
    this.reinstall = reinstall;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    String source = (String) execution.getVariable(UpgradeVariables.SOURCE_VERSION);
    if (source == null) {
      throw new IllegalArgumentException("sourceVersion: the rollback needs the release the run started from");
    }
    List<String> done = new ArrayList<>();
    for (HostRole role : List.of(HostRole.MANAGEMENT_SERVER, HostRole.USAGE_SERVER, HostRole.KVM_HOST)) {
      for (Host host : env.hosts(role)) {
        SourceReinstall.Result r = reinstall.reinstall(env, host, source, RunScope.runId(execution));
        done.add(r.host() + ": " + (r.packagesReinstalled().isEmpty() ? "packages at " + source
            : String.join(", ", r.packagesReinstalled()) + " -> " + source)
            + (r.repositoryRestored() ? ", repository file restored" : ""));
      }
    }
    execution.setVariable("rollbackSummary", UpgradeVariables.fitted(String.join("\n", done), "the service log"));
  }
}
