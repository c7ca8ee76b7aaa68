package org.upgradeflow.cloudstack;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/** KVM local storage pool paths without the trailing slash; out: {@code storagePoolsFixed} (what changed). */
@Component("fixStoragePoolPaths")
class FixStoragePoolPathsStep implements JavaDelegate {

  static final String STORAGE_POOLS_FIXED = "storagePoolsFixed";

  private final EnvironmentRegistry environments;
  private final StoragePoolPaths pools;

  FixStoragePoolPathsStep(EnvironmentRegistry environments, StoragePoolPaths pools) {
    this.environments = environments;
    this.pools = pools;
  }

  @Override
  public void execute(DelegateExecution execution) {
    var env = environments.get(KvmHostVariables.text(execution, UpgradeVariables.ENVIRONMENT_ID));
    List<StoragePoolPaths.Fixed> fixed = pools.fix(env);
    String summary = fixed.isEmpty() ? "no KVM local storage pool path with a trailing slash"
        : String.join("\n", fixed.stream().map(Object::toString).toList());
    // a retried job finds nothing left to fix: keep what the first run reported
    if (!fixed.isEmpty() || execution.getVariable(STORAGE_POOLS_FIXED) == null) {
      execution.setVariable(STORAGE_POOLS_FIXED, UpgradeVariables.fitted(summary, "the service log"));
    }
  }
}
