package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;
import org.upgradeflow.remote.RemoteTarget;

/**
 * Gate_WrongHostname (4.7): upgrade-um.sh printed "Detected wrong hostname". Shows the expected
 * and found names; approval holds once the appliance's hostname is the expected one again (the
 * certificate, CN = hostname, is the change manager's to renew; override says it was handled otherwise).
 */
@Component
class WrongHostnameEvidence implements GateEvidenceProvider {

  private final Appliance appliance;

  WrongHostnameEvidence(Appliance appliance) {
    this.appliance = appliance;
  }

  @Override
  public String gateId() {
    return "WrongHostname";
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    RemoteTarget target = appliance.target((String) run.getVariable(ENVIRONMENT_ID));
    String expected = (String) run.getVariable(EXPECTED_HOSTNAME);
    String found = (String) run.getVariable(FOUND_HOSTNAME);
    String now = appliance.hostname(target);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("expected hostname", expected);
    details.put("found hostname", found);
    details.put("hostname now", now);
    boolean fixed = now.equals(expected);
    return new GateEvidence(fixed, "upgrade-um.sh: Detected wrong hostname. Expected hostname: " + expected
        + ", but found: " + found + ". Change the hostname of " + target.name() + " back to " + expected
        + " and generate a new self-signed certificate or import a CA-signed one whose CN is " + expected
        + " (else the web UI shows 'Failed to process journal=>read'), then approve. Hostname now: " + now
        + (fixed ? " (fixed)" : " (still wrong)"), details);
  }
}
