package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Uploads the verified ISO (skipped when it is there with the same SHA-1) for a loop mount of its
 * path. The transfer runs on {@link ApplianceUploads}' thread; this step starts it or looks at it
 * and a timer repeats it while it runs ({@code artifactUploaded} false).
 */
@Component("uploadUpgradeIso")
class UploadUpgradeIsoStep implements JavaDelegate {

  private final Appliance appliance;
  private final ApplianceUploads uploads;
  private final UsageMeterProperties properties;

  UploadUpgradeIsoStep(Appliance appliance, ApplianceUploads uploads, UsageMeterProperties properties) {
    this.appliance = appliance;
    this.uploads = uploads;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String environmentId = (String) execution.getVariable(ENVIRONMENT_ID);
    RemoteTarget target = appliance.target(environmentId);
    String name = (String) execution.getVariable(ARTIFACT_NAME);
    String remote = Appliance.WORK_DIR + "/" + name;
    if (execution.getVariable(UPLOAD_STARTED_AT) == null) {
      appliance.ensureWorkDir(target); // once per upload, not on every look
    }
    boolean done = ApplianceUploads.record(execution, uploads.poll(execution.getProcessInstanceId(), environmentId, target,
        Path.of((String) execution.getVariable(ARTIFACT_DIR), name), remote, Checksum.SHA1,
        (String) execution.getVariable(ARTIFACT_SHA)), properties.transferTimeout());
    if (done) {
      execution.setVariable(ISO_SOURCE, remote);
    }
  }
}
