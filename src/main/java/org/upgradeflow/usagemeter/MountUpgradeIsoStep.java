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
 * something is mounted there already. A CD-ROM without medium goes back to Gate_ConnectCdrom.
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
    String source = cdrom ? Appliance.CDROM : (String) execution.getVariable(ISO_SOURCE);
    ExecResult r = appliance.mountIso(target, source);
    if (r.ok()) {
      return;
    }
    String why = (r.stdout() + r.stderr()).strip();
    if (cdrom && why.contains("no medium")) {
      throw new BpmnError(NO_MEDIUM, "the CD-ROM of " + target.name() + " has no medium: " + why);
    }
    throw new RemoteShellException(target.name() + ": mount of " + source + " on " + Appliance.MOUNT_POINT
        + " failed (exit " + r.exitStatus() + "): " + why);
  }
}
