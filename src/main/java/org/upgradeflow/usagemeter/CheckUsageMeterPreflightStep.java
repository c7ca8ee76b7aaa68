package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.remote.RemoteShellException;
import org.upgradeflow.remote.RemoteTarget;

/** Pre-flight: room on the appliance for the upload (the ISO, unless it comes from the CD-ROM, or the shar). Reads only. */
@Component("checkUsageMeterPreflight")
class CheckUsageMeterPreflightStep implements JavaDelegate {

  /** the upload goes to a temp name and is renamed: room for the file and a margin */
  static final double HEADROOM = 1.2;

  private final Appliance appliance;

  CheckUsageMeterPreflightStep(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public void execute(DelegateExecution execution) {
    RemoteTarget target = appliance.target((String) execution.getVariable(ENVIRONMENT_ID));
    boolean shar = UsageMeterPath.TO_43.processId().equals(execution.getVariable(PATH_PROCESS_ID));
    boolean cdrom = !shar && Boolean.TRUE.equals(execution.getVariable(ISO_FROM_CDROM));
    StringBuilder summary = new StringBuilder("ok   ssh " + target.name() + ": reachable, host key known\n");
    if (cdrom) {
      summary.append("ok   upload: none, the ISO comes from the CD-ROM\n");
    } else {
      Path file = Path.of((String) execution.getVariable(ARTIFACT_DIR), (String) execution.getVariable(ARTIFACT_NAME));
      long neededKb = (long) (size(file) * HEADROOM / 1024) + 1;
      String where = shar ? Appliance.INSTALL_DIR : "/var/tmp";
      long freeKb;
      try {
        freeKb = appliance.freeKilobytes(target, where);
      } catch (RemoteShellException e) {
        where = "/";
        freeKb = appliance.freeKilobytes(target, where);
      }
      boolean ok = freeKb >= neededKb;
      summary.append(ok ? "ok   " : "FAIL ").append("space ").append(where).append(": ").append(freeKb)
          .append(" KiB free, ").append(neededKb).append(" KiB needed for ").append(file.getFileName()).append('\n');
      if (!ok) {
        execution.setVariable(PREFLIGHT_SUMMARY, summary.toString());
        String message = target.name() + ": not enough space in " + where + " for " + file.getFileName() + " ("
            + freeKb + " KiB free, " + neededKb + " KiB needed)";
        execution.setVariable(REFUSAL, message);
        throw new BpmnError(UNSUPPORTED, message);
      }
    }
    execution.setVariable(PREFLIGHT_SUMMARY, summary.toString());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
