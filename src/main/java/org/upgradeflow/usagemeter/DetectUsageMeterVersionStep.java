package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteTarget;

/** Reads the installed version over SSH and picks the path; what the procedures do not allow ends the run untouched. */
@Component("detectUsageMeterVersion")
class DetectUsageMeterVersionStep implements JavaDelegate {

  private final Appliance appliance;

  DetectUsageMeterVersionStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    String installed = appliance.installedVersion(target);
    execution.setVariable(INSTALLED_VERSION, installed);
    String[] parts = installed.split("\\.");
    execution.setVariable(SOURCE_SERIES, parts[0] + "." + parts[1]);
    UsageMeterPath path;
    try {
      path = UsageMeterPath.select(installed, (String) execution.getVariable(TARGET_VERSION));
    } catch (IllegalArgumentException e) {
      execution.setVariable(REFUSAL, e.getMessage());
      throw new BpmnError(UNSUPPORTED, e.getMessage());
    }
    execution.setVariable(PATH_PROCESS_ID, path.processId());
  }
}
