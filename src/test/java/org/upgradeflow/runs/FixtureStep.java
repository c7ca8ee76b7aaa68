package org.upgradeflow.runs;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The fixture run's one step: publishes progress, or fails when the run says so. */
@Component("fixtureStep")
@Profile("test")
public class FixtureStep {

  public void run(DelegateExecution execution) {
    if (Boolean.TRUE.equals(execution.getVariable("failStep"))) {
      throw new IllegalStateException("host kvm7 did not answer");
    }
    execution.setVariable("hostsDone", 3L);
    execution.setVariable("hostsTotal", 4L);
  }
}
