package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.RemoteTarget;

/** Uploads the verified ISO (skipped when it is there with the same SHA-1) for a loop mount of its path. */
@Component("uploadUpgradeIso")
class UploadUpgradeIsoStep implements JavaDelegate {

  private final Appliance appliance;

  UploadUpgradeIsoStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    String name = (String) execution.getVariable(ARTIFACT_NAME);
    String remote = Appliance.WORK_DIR + "/" + name;
    appliance.ensureWorkDir(target);
    appliance.uploadVerified(target, Path.of((String) execution.getVariable(ARTIFACT_DIR), name), remote, Checksum.SHA1,
        (String) execution.getVariable(ARTIFACT_SHA));
    execution.setVariable(ISO_SOURCE, remote);
  }
}
