package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/**
 * Makes the upgrade files local before they are verified: a directory is used as it is; from a
 * URL the files are downloaded into the cache by {@link ArtifactDownloads} off the job executor,
 * and this step (polled by a timer) says whether they are there yet. A download that fails (an
 * HTTP status, a broken connection, the time limit) ends the run refused, before anything
 * touches the appliance.
 */
@Component("fetchUpgradeArtifacts")
class FetchUpgradeArtifactsStep implements JavaDelegate {

  private final Appliance appliance;
  private final ArtifactStore store;
  private final ArtifactDownloads downloads;

  FetchUpgradeArtifactsStep(Appliance appliance, ArtifactStore store, ArtifactDownloads downloads) {
    this.appliance = appliance;
    this.store = store;
    this.downloads = downloads;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = appliance.environment((String) execution.getVariable(ENVIRONMENT_ID));
    UsageMeterPath path = UsageMeterPath.ofProcessId((String) execution.getVariable(PATH_PROCESS_ID));
    try {
      ArtifactSource source = store.source(env);
      execution.setVariable(ARTIFACT_SOURCE, source.toString());
      if (!source.remote()) {
        execution.setVariable(ARTIFACT_DIR, source.directory().toString());
        execution.setVariable(ARTIFACTS_LOCAL, true);
        return;
      }
      ArtifactDownloads.Status status = downloads.poll(source, path);
      switch (status.state()) {
        case FAILED -> throw new ArtifactVerificationException(status.detail());
        case DONE -> {
          execution.setVariable(ARTIFACT_DIR, status.folder().toString());
          execution.setVariable(ARTIFACTS_LOCAL, true);
          execution.setVariable(ARTIFACT_DOWNLOAD, "complete: " + status.detail());
        }
        case RUNNING -> {
          execution.setVariable(ARTIFACTS_LOCAL, false);
          execution.setVariable(ARTIFACT_DOWNLOAD, status.detail());
        }
      }
    } catch (ArtifactVerificationException e) {
      execution.setVariable(REFUSAL, e.getMessage());
      throw new BpmnError(ARTIFACTS_INVALID, e.getMessage());
    }
  }
}
