package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Copies the verified ums-system-upgrade.shar into /opt/vmware/cloudusagemetering. */
@Component("uploadShar")
class UploadSharStep implements JavaDelegate {

  private final Appliance appliance;
  private final SharUpgrade shar;

  UploadSharStep(Appliance appliance, SharUpgrade shar) {
    this.appliance = appliance;
    this.shar = shar;
  }

  @Override
  public void execute(DelegateExecution execution) {
    shar.upload(appliance.target((String) execution.getVariable(ENVIRONMENT_ID)),
        Path.of((String) execution.getVariable(ARTIFACT_DIR), (String) execution.getVariable(ARTIFACT_NAME)),
        (String) execution.getVariable(ARTIFACT_SHA));
  }
}
