package org.upgradeflow.cloudstack;

import static org.upgradeflow.cloudstack.KvmHostVariables.BATCHES_LEFT;
import static org.upgradeflow.cloudstack.KvmHostVariables.BATCH_COUNT;
import static org.upgradeflow.cloudstack.KvmHostVariables.BATCH_INDEX;
import static org.upgradeflow.cloudstack.KvmHostVariables.BATCH_SIZE;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILED_HOSTS;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURES;
import static org.upgradeflow.cloudstack.KvmHostVariables.FAILURE_TAILS;
import static org.upgradeflow.cloudstack.KvmHostVariables.HOSTS_DONE;
import static org.upgradeflow.cloudstack.KvmHostVariables.HOSTS_TOTAL;
import static org.upgradeflow.cloudstack.KvmHostVariables.HOST_ORDER;
import static org.upgradeflow.cloudstack.KvmHostVariables.MAX_PARALLEL_HOSTS;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;

/** The estate's KVM hosts in inventory order and the batches they run in ({@code maxParallelHosts}). */
@Component("listKvmHosts")
class ListKvmHostsStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final KvmHostBatches batches;

  ListKvmHostsStep(EnvironmentRegistry environments, KvmHostBatches batches) {
    this.environments = environments;
    this.batches = batches;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get(KvmHostVariables.text(execution, UpgradeVariables.ENVIRONMENT_ID));
    List<String> hosts = env.hosts(HostRole.KVM_HOST).stream().map(Host::name).toList();
    int size = batchSize(execution.getVariable(MAX_PARALLEL_HOSTS));
    int count = KvmHostBatches.batches(hosts, size).size();
    execution.setVariable(HOST_ORDER, String.join(",", hosts));
    execution.setVariable(BATCH_SIZE, size);
    execution.setVariable(BATCH_COUNT, count);
    execution.setVariable(BATCH_INDEX, 0);
    execution.setVariable(BATCHES_LEFT, count > 0);
    execution.setVariable(FAILED_HOSTS, "");
    execution.setVariable(FAILURES, "");
    execution.setVariable(FAILURE_TAILS, "");
    KvmHostVariables.setProgress(execution, HOSTS_TOTAL, hosts.size());
    KvmHostVariables.setProgress(execution, HOSTS_DONE, 0);
  }

  private int batchSize(Object requested) {
    if (requested == null) {
      return batches.defaultBatchSize();
    }
    if (requested instanceof Number n && n.intValue() >= 1 && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    if (requested instanceof String s && s.strip().matches("^[1-9][0-9]{0,3}$")) {
      return Integer.parseInt(s.strip());
    }
    throw new IllegalArgumentException(MAX_PARALLEL_HOSTS + ": expected a whole number of 1 or more, got '"
        + requested + "'");
  }
}
