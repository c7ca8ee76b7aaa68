package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;

/**
 * Variables of {@code CloudStackKvmHosts} (non-secret facts only) and reading one host's
 * context from them. In: the path's {@code environmentId}, {@code runId}, {@code sourceVersion},
 * {@code targetVersion}, optional {@code maxParallelHosts} and {@code repositoryVersion}. Out: {@code hostsDone},
 * {@code hostsTotal}; on error {@code HostsFailed} also {@code failedHosts},
 * {@code failureSummary}, {@code failureLogTail}.
 */
final class KvmHostVariables {

  static final String RUN_ID = "runId";
  static final String MAX_PARALLEL_HOSTS = "maxParallelHosts";
  /** Optional: the repository version to point hosts at ("4.3", "4.3.1"); default the target's series. */
  static final String REPOSITORY_VERSION = "repositoryVersion";
  static final String HOSTS_DONE = "hostsDone";
  static final String HOSTS_TOTAL = "hostsTotal";
  static final String FAILED_HOSTS = "failedHosts";
  static final String FAILURE_SUMMARY = "failureSummary";
  static final String FAILURE_LOG_TAIL = "failureLogTail";
  /** Comma-separated host names in upgrade order. */
  static final String HOST_ORDER = "kvmHostOrder";
  static final String BATCH_SIZE = "kvmBatchSize";
  static final String BATCH_COUNT = "kvmBatchCount";
  static final String BATCH_INDEX = "kvmBatchIndex";
  static final String BATCHES_LEFT = "kvmBatchesLeft";
  /** Failures of this run's hosts so far, one "host: summary" per line; the tails in {@link #FAILURE_TAILS}. */
  static final String FAILURES = "kvmHostFailures";
  static final String FAILURE_TAILS = "kvmHostFailureTails";
  /** Per host (local to its multi-instance scope). */
  static final String HOST = "kvmHost";
  static final String HOST_FAILURE = "kvmHostFailure";
  static final String UPGRADE_JOB = "agentUpgradeJob";
  static final String UPGRADE_RUNNING = "agentUpgradeRunning";
  /** When the agent was started (engine clock): the host-up deadline counts from it. */
  static final String AGENT_STARTED_AT = "kvmAgentStartedAt";
  /** The host row's status at the last look (Up, Disconnected, ..., "missing"), shown while waiting. */
  static final String HOST_STATUS = "kvmHostStatus";
  static final String HOST_UP = "kvmHostUp";
  static final String HOST_FAILED = "HostFailed";
  static final String HOSTS_FAILED = "HostsFailed";
  /** Separates a host failure's summary from its log tail in the BpmnError message. */
  static final String TAIL_MARK = "\n--- log tail ---\n";

  private KvmHostVariables() {
  }

  /** The host of this multi-instance scope with what its steps need. */
  static KvmAgentUpgrade.KvmHost host(DelegateExecution execution, EnvironmentRegistry environments) {
    Environment env = environments.get(text(execution, UpgradeVariables.ENVIRONMENT_ID));
    String name = text(execution, HOST);
    Host host = env.host(name).filter(h -> h.role() == HostRole.KVM_HOST).orElseThrow(() ->
        new IllegalArgumentException(HOST + ": environment " + env.id() + " has no KVM host named '" + name + "'"));
    CloudStackVersion source = CloudStackVersion.parse(text(execution, UpgradeVariables.SOURCE_VERSION));
    CloudStackVersion target = CloudStackVersion.parse(text(execution, UpgradeVariables.TARGET_VERSION));
    Object repository = execution.getVariable(REPOSITORY_VERSION);
    if (repository == null) {
      return new KvmAgentUpgrade.KvmHost(env, host, Naming.of(source), target);
    }
    return new KvmAgentUpgrade.KvmHost(env, host, Naming.of(source), target, text(execution, REPOSITORY_VERSION));
  }

  static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(name + ": expected a non-empty string variable, got " + value);
    }
    return s;
  }

  /**
   * Sets a progress counter here and on the run's root instance, where {@code GET /api/runs}
   * reads progress while this fragment is still running (outputs reach the caller only at its end).
   */
  static void setProgress(DelegateExecution execution, String name, int value) {
    execution.setVariable(name, value);
    DelegateExecution root = execution.getProcessInstance();
    while (root.getSuperExecution() != null) {
      root = root.getSuperExecution().getProcessInstance();
    }
    if (root != execution.getProcessInstance()) {
      root.setVariable(name, value);
    }
  }

  static int number(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException(name + ": expected a number variable, got " + value);
    }
    return n.intValue();
  }

  /** The failure as the host's boundary event receives it: summary, then the bounded log tail. */
  static BpmnError hostFailed(KvmHostFailure failure) {
    String message = failure.getMessage() + (failure.logTail().isEmpty() ? "" : TAIL_MARK + failure.logTail());
    return new BpmnError(HOST_FAILED, message);
  }
}
