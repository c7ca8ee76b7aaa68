package org.upgradeflow.cloudstack;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

/**
 * What the database fragments remember for the whole run. They run as call activities two
 * levels below it ({@code CloudStackUpgrade} → path → fragment) and map back only their named
 * outputs, yet a second call of a fragment in the same run (retry after Gate_ResolveFailure)
 * must find what the first one set: the backup's id, the API port before the run. Such facts,
 * and the progress {@code /api/runs} reads, go on every instance up to the root
 * ({@link RunInstances}); failures go through {@link Failures}.
 */
final class RunScope {

  static final String RUN_ID = "runId";

  private RunScope() {
  }

  /** {@code runId} as the path passes it, else the root instance's id. */
  static String runId(DelegateExecution execution) {
    Object runId = execution.getVariable(RUN_ID);
    return runId != null ? runId.toString() : RunInstances.rootId(execution);
  }

  /** Sets the variable here and on every instance up to the run's root. */
  static void setOnRun(DelegateExecution execution, String name, Object value) {
    execution.setVariable(name, value);
    RunInstances.setOnAll(execution, name, value);
  }

  /** Whether the run (root instance) or this execution holds the variable. */
  static boolean isRemembered(DelegateExecution execution, String name) {
    return root(execution).hasVariable(name) || execution.hasVariable(name);
  }

  /** The run's value (root instance) when it has one, else this execution's. */
  static Object remembered(DelegateExecution execution, String name) {
    DelegateExecution root = root(execution);
    return root.hasVariable(name) ? root.getVariable(name) : execution.getVariable(name);
  }

  private static DelegateExecution root(DelegateExecution execution) {
    List<ExecutionEntity> all = RunInstances.upToRoot(execution);
    return all.isEmpty() ? execution : all.get(all.size() - 1);
  }
}
