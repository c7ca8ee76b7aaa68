package org.upgradeflow.cloudstack;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * One look at the KVM host's {@code host} row after its agent started (the guide: do not proceed
 * until the hosts show in Up state). Sets {@code kvmHostUp} and {@code kvmHostStatus}; a row not
 * Up by {@code upgradeflow.cloudstack.paths.host-up-timeout} after the agent's start fails the host
 * ("host not back") with the end of the agent's log.
 */
@Component("checkKvmHostUp")
class CheckKvmHostUpStep extends KvmHostStep {

  private final CloudDatabases databases;
  private final PathProperties properties;

  CheckKvmHostUpStep(EnvironmentRegistry environments, KvmAgentUpgrade agents, CloudDatabases databases,
      PathProperties properties) {
    super(environments, agents);
    this.databases = databases;
    this.properties = properties;
  }

  @Override
  void run(DelegateExecution execution, KvmAgentUpgrade.KvmHost host) {
    Duration waited = PollDeadline.since(execution, KvmHostVariables.AGENT_STARTED_AT);
    String status = KvmHostRows.statusOf(databases.forEnvironment(host.env()).hypervisorHosts(), host.host());
    boolean up = "Up".equals(status);
    execution.setVariable(KvmHostVariables.HOST_STATUS, status);
    execution.setVariable(KvmHostVariables.HOST_UP, up);
    if (!up && waited.compareTo(properties.hostUpTimeout()) > 0) {
      throw new KvmHostFailure(host.name(), "host not back: " + host.name() + "'s host row is " + status + " "
          + waited.truncatedTo(ChronoUnit.SECONDS) + " after its agent started (the management server does not see"
          + " the agent; upgradeflow.cloudstack.paths.host-up-timeout " + properties.hostUpTimeout() + ")",
          agents.agentLogTail(host));
    }
  }
}
