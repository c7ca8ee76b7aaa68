package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import jakarta.annotation.PreDestroy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.Checksum;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Uploads of verified files to the appliance run on a service thread of their own, never in a
 * job (a 1 GB ISO over a slow link takes minutes; Camunda locks a job for 5): a job asks
 * {@link #poll} (start it unless it runs, or say it still runs) and a timer asks again. One
 * upload per environment and remote path: a second poll while it runs (a step that runs twice)
 * starts nothing. The transfer goes to a temp name and is renamed once the appliance's digest
 * is the file's ({@link org.upgradeflow.remote.RemoteShell#upload}); it is skipped when the
 * remote file has that digest already. After a restart of the service nothing runs here, so the
 * next poll starts the upload again and the partial temp file is written anew. DONE and FAILED
 * are reported once, and only to the process instance that started the upload: a run cancelled
 * while its upload ran leaves nothing for the next run, whose poll starts afresh (and skips the
 * transfer of a complete file); while that earlier upload still runs, the next run waits for it.
 */
@Component
class ApplianceUploads {

  enum State { RUNNING, DONE, FAILED }

  /** @param detail what happened (the error when failed) */
  record Status(State state, String detail) {
  }

  private static final Logger log = LoggerFactory.getLogger(ApplianceUploads.class);

  private final Appliance appliance;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "usage-meter-upload");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

  ApplianceUploads(Appliance appliance) {
    this.appliance = appliance;
  }

  private static final class Upload {
    final String owner;
    volatile State state = State.RUNNING;
    volatile String detail = "uploading";

    Upload(String owner) {
      this.owner = owner;
    }
  }

  /**
   * One look of process instance {@code owner} at the upload of {@code file} to {@code remotePath},
   * whose digest on the appliance must be {@code verified}; starts it when none runs in this
   * service for that path, or when the one recorded ended for another instance.
   */
  Status poll(String owner, String environmentId, RemoteTarget target, Path file, String remotePath,
      Checksum checksum, String verified) {
    String key = environmentId + "|" + remotePath;
    Upload u = uploads.compute(key, (k, old) -> old == null || old.state != State.RUNNING && !old.owner.equals(owner)
        ? start(owner, target, file, remotePath, checksum, verified) : old);
    if (!u.owner.equals(owner)) { // another instance's, running when looked up: its result is not ours
      return new Status(State.RUNNING, "waiting for an earlier run's upload to " + remotePath + " to end");
    }
    if (u.state == State.RUNNING) {
      return new Status(State.RUNNING, u.detail);
    }
    uploads.remove(key, u);
    return new Status(u.state, u.detail);
  }

  private Upload start(String owner, RemoteTarget target, Path file, String remotePath, Checksum checksum, String verified) {
    Upload u = new Upload(owner);
    log.info("{}: uploading {} to {}", target.name(), file.getFileName(), remotePath);
    threads.execute(() -> {
      try {
        u.detail = appliance.uploadVerified(target, file, remotePath, checksum, verified);
        u.state = State.DONE;
      } catch (RuntimeException e) {
        u.detail = e.getMessage();
        u.state = State.FAILED;
        log.warn("{}: upload of {} to {} failed: {}", target.name(), file.getFileName(), remotePath, e.getMessage());
      }
    });
    return u;
  }

  /**
   * The upload's state as the run's variables; a failed upload (a digest that is not the verified
   * one, a broken connection) fails the job, whose retry uploads again.
   *
   * @return true once the file is on the appliance
   */
  static boolean record(DelegateExecution execution, ApplianceUploads.Status status, Duration transferTimeout) {
    if (status.state() == ApplianceUploads.State.FAILED) {
      TransferDeadline.clear(execution, UPLOAD_STARTED_AT);
      throw new RemoteShellException(status.detail());
    }
    boolean done = status.state() == ApplianceUploads.State.DONE;
    if (done) {
      TransferDeadline.clear(execution, UPLOAD_STARTED_AT);
    } else if (TransferDeadline.passed(execution, UPLOAD_STARTED_AT, transferTimeout)) {
      // the transfer thread goes on; the job fails (retries, then an incident for an operator)
      throw new RemoteShellException("the upload of " + execution.getVariable(ARTIFACT_NAME)
          + " to the appliance still runs after upgradeflow.usage-meter.transfer-timeout (" + transferTimeout
          + "): " + status.detail() + "; check the link to the appliance");
    }
    execution.setVariable(UPLOAD_DETAIL, status.detail());
    execution.setVariable(UPLOADED, done);
    return done;
  }

  @PreDestroy
  void stop() {
    threads.shutdownNow();
  }
}
