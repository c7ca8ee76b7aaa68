package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Copies the verified ums-system-upgrade.shar into /opt/vmware/cloudusagemetering, on
 * {@link ApplianceUploads}' thread: this step starts the upload or looks at it, and a timer
 * repeats it while it runs ({@code artifactUploaded} false).
 */
@Component("uploadShar")
class UploadSharStep implements JavaDelegate {

  private final Appliance appliance;
  private final SharUpgrade shar;
  private final UsageMeterProperties properties;

  UploadSharStep(Appliance appliance, SharUpgrade shar, UsageMeterProperties properties) {
    this.appliance = appliance;
    this.shar = shar;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String environmentId = (String) execution.getVariable(ENVIRONMENT_ID);
    ApplianceUploads.record(execution, shar.upload(execution.getProcessInstanceId(), environmentId, appliance.target(environmentId),
        Path.of((String) execution.getVariable(ARTIFACT_DIR), (String) execution.getVariable(ARTIFACT_NAME)),
        (String) execution.getVariable(ARTIFACT_SHA)), properties.transferTimeout());
  }
}
