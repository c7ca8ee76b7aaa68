package org.upgradeflow.usagemeter;

import static org.upgradeflow.usagemeter.UsageMeterVariables.*;

import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/** The human follow-ups in the web UI after an upgrade: what to do, as the procedures say it. */
@Configuration(proxyBeanMethods = false)
class CertificateGatesEvidence {

  @Bean
  GateEvidenceProvider acceptCertificatesEvidence() {
    return provider("AcceptCertificates", run -> "In the Usage Meter web interface of " + run.getVariable(APPLIANCE)
        + ", accept the certificates of all metered product servers (upgraded from " + run.getVariable(INSTALLED_VERSION)
        + "), then approve.");
  }

  @Bean
  GateEvidenceProvider fipsCertificatesEvidence() {
    return provider("FipsCertificates", run -> "Check that the certificates of all metered product servers of "
        + run.getVariable(APPLIANCE) + " are FIPS compliant (Usage Meter 4.5 runs in FIPS mode), then approve.");
  }

  private static GateEvidenceProvider provider(String gate, java.util.function.Function<VariableScope, String> text) {
    return new GateEvidenceProvider() {
      @Override
      public String gateId() {
        return gate;
      }

      @Override
      public GateEvidence gather(VariableScope run) {
        return new GateEvidence(true, text.apply(run), Map.of("appliance", String.valueOf(run.getVariable(APPLIANCE))));
      }
    };
  }
}
