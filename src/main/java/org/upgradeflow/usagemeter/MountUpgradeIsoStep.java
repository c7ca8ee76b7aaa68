package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import java.util.Locale;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.JobStatus;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * {@code mkdir /root/upgrade; mount -o loop /dev/cdrom|<uploaded ISO> /root/upgrade}, unless
 * something is mounted there already. The CD-ROM is mounted only when {@code sha1sum /dev/cdrom}
 * is the verified ISO's SHA-1 (vSphere may show another datastore file connected). Reading a
 * 1 GB medium may take longer than a job may run, so the checksum is a detached job on the
 * appliance, started once per connect attempt and looked at by this step, which a timer repeats
 * while it runs ({@code isoMounted} false). Without medium, with another medium or a failed
 * check the run goes back to Gate_ConnectCdrom with the reason as evidence; the next attempt
 * checks anew.
 */
@Component("mountUpgradeIso")
class MountUpgradeIsoStep implements JavaDelegate {

  private final Appliance appliance;
  private final UsageMeterProperties properties;

  MountUpgradeIsoStep(Appliance appliance, UsageMeterProperties properties) {
    this.appliance = appliance;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    execution.setVariable(ISO_MOUNTED, false);
    if (appliance.isoMounted(target)) {
      execution.setVariable(ISO_MOUNTED, true);
      return;
    }
    boolean cdrom = Boolean.TRUE.equals(execution.getVariable(ISO_FROM_CDROM));
    if (cdrom && !verifiedMedium(execution, target)) {
      return; // sha1sum /dev/cdrom still runs: the timer asks again
    }
    String source = cdrom ? Appliance.CDROM : (String) execution.getVariable(ISO_SOURCE);
    ExecResult r = appliance.mountIso(target, source);
    if (r.ok()) {
      execution.setVariable(ISO_MOUNTED, true);
      return;
    }
    String why = (r.stdout() + r.stderr()).strip();
    if (cdrom && why.contains("no medium")) {
      throw backToGate(execution, "the CD-ROM of " + target.name() + " has no medium: " + why);
    }
    throw new RemoteShellException(target.name() + ": mount of " + source + " on " + Appliance.MOUNT_POINT
        + " failed (exit " + r.exitStatus() + "): " + why);
  }

  /** The job id of this connect attempt's {@code sha1sum /dev/cdrom}. */
  static String checksumJobId(DelegateExecution execution) {
    Object attempt = execution.getVariable(CDROM_CHECK_ATTEMPT);
    return StartUpgradeScriptStep.sessionKey(execution) + "-cdrom-sha1-" + (attempt == null ? 1 : attempt);
  }

  /** @return false while the checksum job runs; true when the medium is the verified ISO */
  private boolean verifiedMedium(DelegateExecution execution, RemoteTarget target) {
    JobStatus sum = appliance.sha1Job(target, checksumJobId(execution), Appliance.CDROM);
    if (sum.state() == JobStatus.State.RUNNING) {
      if (TransferDeadline.passed(execution, CDROM_CHECK_STARTED_AT, properties.transferTimeout())) {
        throw backToGate(execution, "sha1sum " + Appliance.CDROM + " on " + target.name() + " still runs after"
            + " upgradeflow.usage-meter.transfer-timeout (" + properties.transferTimeout() + "): the drive may"
            + " hang; reconnect the medium in vSphere");
      }
      return false;
    }
    TransferDeadline.clear(execution, CDROM_CHECK_STARTED_AT);
    String why = sum.logTail() == null ? "" : sum.logTail().strip();
    if (!sum.finished()) {
      throw backToGate(execution, "sha1sum " + Appliance.CDROM + " on " + target.name() + " ended without an exit code ("
          + sum.state() + ", killed or the appliance restarted): " + why);
    }
    if (!sum.succeeded() && why.toLowerCase(Locale.ROOT).contains("no medium")) {
      throw backToGate(execution, "the CD-ROM of " + target.name() + " has no medium: " + why);
    }
    String found = sum.succeeded() ? why.split("\\s+")[0] : "";
    if (!found.matches("[0-9a-fA-F]{40}")) {
      throw backToGate(execution, "sha1sum " + Appliance.CDROM + " on " + target.name() + " exited " + sum.exitCode()
          + ": " + why);
    }
    String verified = (String) execution.getVariable(ARTIFACT_SHA);
    if (!found.equalsIgnoreCase(verified)) {
      execution.setVariable(CDROM_CHECKSUM, found.toLowerCase(Locale.ROOT));
      throw backToGate(execution, "the connected medium is not the verified ISO: sha1sum " + Appliance.CDROM + " on "
          + target.name() + " is " + found.toLowerCase(Locale.ROOT) + ", the verified "
          + execution.getVariable(ARTIFACT_NAME) + " is " + verified + "; nothing was mounted");
    }
    return true;
  }

  /** Gate_ConnectCdrom again, showing why (the boundary event of Task_MountIso); the next attempt checks anew. */
  private static BpmnError backToGate(DelegateExecution execution, String problem) {
    TransferDeadline.clear(execution, CDROM_CHECK_STARTED_AT);
    execution.setVariable(CDROM_PROBLEM, problem);
    Object attempt = execution.getVariable(CDROM_CHECK_ATTEMPT);
    execution.setVariable(CDROM_CHECK_ATTEMPT, (attempt == null ? 1 : (Integer) attempt) + 1);
    return new BpmnError(NO_MEDIUM, problem);
  }
}
