package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * End listener of CloudStackRestartSystemVms: whenever the fragment ends (done, failed towards
 * Gate_ResolveFailure, or cancelled with the run while sysvmadm runs), the password file sysvmadm
 * read is removed from the management server ({@code rm -f}: safe twice). The poll removes it as
 * soon as the job has ended; this covers the run that ends before that. Best effort: a listener
 * that threw would block the cancellation of a run, so a failure is logged with the host and
 * file for someone to remove it by hand.
 */
@Component("removeSysvmadmPasswordFile")
class RemoveSysvmadmPasswordFileListener implements ExecutionListener {

  private static final Logger log = LoggerFactory.getLogger(RemoveSysvmadmPasswordFileListener.class);

  private final EnvironmentRegistry environments;
  private final SystemVmRestarts restarts;

  RemoveSysvmadmPasswordFileListener(EnvironmentRegistry environments, SystemVmRestarts restarts) {
    this.environments = environments;
    this.restarts = restarts;
  }

  @Override
  public void notify(DelegateExecution execution) {
    Object environmentId = execution.getVariable(UpgradeVariables.ENVIRONMENT_ID);
    try {
      restarts.removePasswordFile(environments.get((String) environmentId));
    } catch (RuntimeException e) {
      log.warn("{}: could not remove sysvmadm's password file {} on the first management server; remove it by"
          + " hand: {}", environmentId, restarts.passwordFile(), e.getMessage());
    }
  }
}
