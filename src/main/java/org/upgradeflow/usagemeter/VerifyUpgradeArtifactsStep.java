package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/**
 * Verifies the upgrade files (in the directory {@code fetchUpgradeArtifacts} made local) in the
 * service before anything touches the appliance; a mismatch ends the run with a message naming
 * the file and what did not match.
 */
@Component("verifyUpgradeArtifacts")
class VerifyUpgradeArtifactsStep implements JavaDelegate {

  private final Appliance appliance;
  private final UpgradeArtifactChecks checks;

  VerifyUpgradeArtifactsStep(Appliance appliance, UpgradeArtifactChecks checks) {
    this.appliance = appliance;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = appliance.environment((String) execution.getVariable(ENVIRONMENT_ID));
    UsageMeterPath path = UsageMeterPath.ofProcessId((String) execution.getVariable(PATH_PROCESS_ID));
    execution.setVariable(ISO_FROM_CDROM, env.isoFromCdrom());
    UpgradeArtifactChecks.Checked checked;
    try {
      checked = checks.check(Path.of((String) execution.getVariable(ARTIFACT_DIR)), path);
    } catch (ArtifactVerificationException e) {
      execution.setVariable(REFUSAL, e.getMessage());
      throw new BpmnError(ARTIFACTS_INVALID, e.getMessage());
    }
    execution.setVariable(ARTIFACT_DIR, checked.directory().toString());
    execution.setVariable(ARTIFACT_NAME, checked.fileName());
    execution.setVariable(ARTIFACT_SHA, checked.checksum());
    execution.setVariable(ARTIFACT_EVIDENCE, checked.evidence());
  }
}
