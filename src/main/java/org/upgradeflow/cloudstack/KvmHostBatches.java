package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The hosts of the current batch of {@code CloudStackKvmHosts} for its parallel multi-instance,
 * batches of {@code maxParallelHosts} (default from {@link KvmHostsProperties}).
 *
 * <p>Camunda runs the jobs of one process instance one at a time (exclusive jobs); the hosts of a
 * batch still upgrade in parallel because the package runs are detached jobs on the hosts, and
 * the per-host jobs only start, poll and check.
 */
@Component("kvmHostBatches")
public class KvmHostBatches {

  private final KvmHostsProperties properties;

  KvmHostBatches(KvmHostsProperties properties) {
    this.properties = properties;
  }

  /** {@code ${kvmHostBatches.current(execution)}}: the host names of batch {@code kvmBatchIndex}. */
  public List<String> current(DelegateExecution execution) {
    String order = (String) execution.getVariable(KvmHostVariables.HOST_ORDER);
    int size = ((Number) execution.getVariable(KvmHostVariables.BATCH_SIZE)).intValue();
    int index = ((Number) execution.getVariable(KvmHostVariables.BATCH_INDEX)).intValue();
    return batches(order == null || order.isEmpty() ? List.of() : Arrays.asList(order.split(",")), size).get(index);
  }

  static List<List<String>> batches(List<String> hosts, int size) {
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i += size) {
      batches.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + size))));
    }
    return batches;
  }

  int defaultBatchSize() {
    return properties.maxParallelHosts();
  }
}
