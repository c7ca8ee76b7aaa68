package org.upgradeflow.cloudstack;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * The process instances of a run from a step's own up to the CloudStackUpgrade root, through the
 * call activities. The one place that walks the engine's executions (engine-specific code kept
 * thin): /api/runs reads progress and outcome from the root, and a fragment ending with a
 * BpmnError passes no output mapping to its caller.
 */
final class RunInstances {

  private RunInstances() {
  }

  /** Own process instance first, the root last. */
  static List<ExecutionEntity> upToRoot(DelegateExecution execution) {
    List<ExecutionEntity> instances = new ArrayList<>();
    if (execution instanceof ExecutionEntity entity) {
      for (ExecutionEntity instance = entity.getProcessInstance(); instance != null;
          instance = instance.getSuperExecution() == null ? null : instance.getSuperExecution().getProcessInstance()) {
        instances.add(instance);
      }
    }
    return instances;
  }

  static void setOnAll(DelegateExecution execution, String name, Object value) {
    upToRoot(execution).forEach(instance -> instance.setVariable(name, value));
  }

  static void setOnRoot(DelegateExecution execution, String name, Object value) {
    List<ExecutionEntity> all = upToRoot(execution);
    if (!all.isEmpty()) {
      all.get(all.size() - 1).setVariable(name, value);
    }
  }

  static String rootId(DelegateExecution execution) {
    List<ExecutionEntity> all = upToRoot(execution);
    return all.isEmpty() ? execution.getProcessInstanceId() : all.get(all.size() - 1).getId();
  }
}
