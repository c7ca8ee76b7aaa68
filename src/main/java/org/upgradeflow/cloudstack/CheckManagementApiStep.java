package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;

/**
 * One look, before sysvmadm, at whether the management server answers on the integration API
 * (a short job between timer waits). Answers: {@code managementApiReady} true. Not by the
 * deadline ({@code upgradeflow.cloudstack.paths.management-api-timeout} from the first look):
 * {@code SystemVmRestartFailed} with the last status and the management server log's tail.
 */
@Component("checkManagementApi")
class CheckManagementApiStep implements JavaDelegate {

  static final String READY = "managementApiReady";
  static final String DEADLINE = "managementApiDeadline";

  private final EnvironmentRegistry environments;
  private final ManagementApiReadiness readiness;
  private final PathProperties properties;

  CheckManagementApiStep(EnvironmentRegistry environments, ManagementApiReadiness readiness, PathProperties properties) {
    this.environments = environments;
    this.readiness = readiness;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    boolean late = PollDeadline.passed(execution, DEADLINE, properties.managementApiTimeout());
    ManagementApiReadiness.Look look = readiness.look(env);
    execution.setVariable(READY, look.answers());
    if (!look.answers() && late) {
      String summary = look.host() + " did not answer on the integration API (port " + IntegrationPort.SYSVMADM_PORT
          + ", listCapabilities) within " + properties.managementApiTimeout() + " of the management servers' start"
          + " (last HTTP status " + look.httpStatus() + ", curl exit " + look.exitCode() + "); sysvmadm not started";
      Failures.record(execution, summary, readiness.logTail(env));
      throw new BpmnError(SystemVmVariables.RESTART_FAILED, summary);
    }
  }
}
