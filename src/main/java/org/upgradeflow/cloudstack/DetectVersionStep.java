package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Reads the estate's version and picks the path; a source without a path ends the run untouched. */
@Component("detectVersion")
class DetectVersionStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final CloudDatabases databases;

  DetectVersionStep(EnvironmentRegistry environments, CloudDatabases databases) {
    this.environments = environments;
    this.databases = databases;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    EstateFacts facts = EstateFacts.read(databases.forEnvironment(env));
    execution.setVariable(UpgradeVariables.SOURCE_VERSION, facts.version().toString());
    UpgradePath path;
    try {
      path = UpgradePaths.forSource(facts.version());
    } catch (UpgradePaths.UnsupportedSourceException e) {
      execution.setVariable(UpgradeVariables.REFUSAL, e.getMessage());
      throw new BpmnError(UpgradeVariables.UNSUPPORTED_SOURCE, e.getMessage());
    }
    execution.setVariable(UpgradeVariables.PATH_PROCESS_ID, path.processId());
    execution.setVariable(UpgradeVariables.TARGET_VERSION, path.targetVersion());
    execution.setVariable(UpgradeVariables.PATH_AUTOMATED, execution.getProcessEngineServices().getRepositoryService()
        .createProcessDefinitionQuery().processDefinitionKey(path.processId()).count() > 0);
  }
}
