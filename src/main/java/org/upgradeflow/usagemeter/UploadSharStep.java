package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteShellException;

/**
 * Copies the verified ums-system-upgrade.shar into /opt/vmware/cloudusagemetering, on
 * {@link ApplianceUploads}' thread: this step starts the upload or looks at it, and a timer
 * repeats it while it runs ({@code artifactUploaded} false).
 */
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
    String environmentId = (String) execution.getVariable(ENVIRONMENT_ID);
    record(execution, shar.upload(environmentId, appliance.target(environmentId),
        Path.of((String) execution.getVariable(ARTIFACT_DIR), (String) execution.getVariable(ARTIFACT_NAME)),
        (String) execution.getVariable(ARTIFACT_SHA)));
  }

  /**
   * The upload's state as the run's variables; a failed upload (a digest that is not the verified
   * one, a broken connection) fails the job, whose retry uploads again.
   *
   * @return true once the file is on the appliance
   */
  static boolean record(DelegateExecution execution, ApplianceUploads.Status status) {
    if (status.state() == ApplianceUploads.State.FAILED) {
      throw new RemoteShellException(status.detail());
    }
    execution.setVariable(UPLOAD_DETAIL, status.detail());
    execution.setVariable(UPLOADED, status.state() == ApplianceUploads.State.DONE);
    return status.state() == ApplianceUploads.State.DONE;
  }
}
