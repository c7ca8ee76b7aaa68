package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.ExecResult;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/**
 * {@code mkdir /root/upgrade; mount -o loop /dev/cdrom|<uploaded ISO> /root/upgrade}, unless
 * something is mounted there already. The CD-ROM is mounted only when {@code sha1sum /dev/cdrom}
 * is the verified ISO's SHA-1 (vSphere may show another datastore file connected); without medium
 * or with another medium the run goes back to Gate_ConnectCdrom with the reason as evidence.
 */
@Component("mountUpgradeIso")
class MountUpgradeIsoStep implements JavaDelegate {

  private final Appliance appliance;

  MountUpgradeIsoStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    if (appliance.isoMounted(target)) {
      return;
    }
    boolean cdrom = Boolean.TRUE.equals(execution.getVariable(ISO_FROM_CDROM));
    if (cdrom) {
      verifyMedium(execution, target);
    }
    String source = cdrom ? Appliance.CDROM : (String) execution.getVariable(ISO_SOURCE);
    ExecResult r = appliance.mountIso(target, source);
    if (r.ok()) {
      return;
    }
    String why = (r.stdout() + r.stderr()).strip();
    if (cdrom && why.contains("no medium")) {
      throw backToGate(execution, "the CD-ROM of " + target.name() + " has no medium: " + why);
    }
    throw new RemoteShellException(target.name() + ": mount of " + source + " on " + Appliance.MOUNT_POINT
        + " failed (exit " + r.exitStatus() + "): " + why);
  }

  private void verifyMedium(DelegateExecution execution, RemoteTarget target) {
    ExecResult sum = appliance.sha1(target, Appliance.CDROM);
    String why = (sum.stdout() + sum.stderr()).strip();
    if (!sum.ok() && why.toLowerCase(java.util.Locale.ROOT).contains("no medium")) {
      throw backToGate(execution, "the CD-ROM of " + target.name() + " has no medium: " + why);
    }
    String found = sum.ok() ? sum.stdout().strip().split("\\s+")[0] : "";
    if (!found.matches("[0-9a-fA-F]{40}")) {
      throw new RemoteShellException(target.name() + ": sha1sum " + Appliance.CDROM + " exited " + sum.exitStatus()
          + ": " + why);
    }
    String verified = (String) execution.getVariable(ARTIFACT_SHA);
    if (!found.equalsIgnoreCase(verified)) {
      execution.setVariable(CDROM_CHECKSUM, found.toLowerCase(java.util.Locale.ROOT));
      throw backToGate(execution, "the connected medium is not the verified ISO: sha1sum " + Appliance.CDROM + " on "
          + target.name() + " is " + found.toLowerCase(java.util.Locale.ROOT) + ", the verified "
          + execution.getVariable(ARTIFACT_NAME) + " is " + verified + "; nothing was mounted");
    }
  }

  /** Gate_ConnectCdrom again, showing why (the boundary event of Task_MountIso). */
  private static BpmnError backToGate(DelegateExecution execution, String problem) {
    execution.setVariable(CDROM_PROBLEM, problem);
    return new BpmnError(NO_MEDIUM, problem);
  }
}
