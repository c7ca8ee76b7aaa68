package org.upgradeflow.cloudstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.TemplateDownload;
import org.upgradeflow.clouddb.TemplateReadiness;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.gates.GateEvidence;
import org.upgradeflow.gates.GateEvidenceProvider;

/**
 * Evidence of Gate_SystemVmTemplates ("do not proceed until the template is READY"): per zone
 * and hypervisor in use, the 4.3 system VM template and its download state, read from the
 * estate's database when the gate opens and again when someone approves.
 */
@Component
class SystemVmTemplatesEvidence implements GateEvidenceProvider {

  static final String GATE = "SystemVmTemplates";

  private final EnvironmentRegistry environments;
  private final CloudDatabases databases;

  SystemVmTemplatesEvidence(EnvironmentRegistry environments, CloudDatabases databases) {
    this.environments = environments;
    this.databases = databases;
  }

  @Override
  public String gateId() {
    return GATE;
  }

  @Override
  public GateEvidence gather(VariableScope run) {
    CloudDatabase db = databases.forEnvironment(environments.get((String) run.getVariable("environmentId")));
    Map<Long, Set<String>> inUse = db.hypervisorsInUse();
    List<TemplateDownload> downloads = db.systemVmTemplates();
    List<TemplateReadiness.Missing> missing = TemplateReadiness.missing(inUse, downloads);

    Map<String, Object> details = new LinkedHashMap<>();
    inUse.forEach((zone, hypervisors) -> hypervisors.forEach(hypervisor -> details.put(
        "zone " + zone + " " + hypervisor, describe(zone, hypervisor, downloads))));
    String summary = missing.isEmpty()
        ? "4.3 system VM templates READY for every hypervisor in use in every zone"
        : "not READY: " + String.join("; ", missing.stream()
            .map(m -> "zone " + m.zoneId() + " " + m.template().templateName() + " ("
                + describe(m.zoneId(), m.template().hypervisorType(), downloads) + ")").toList());
    return new GateEvidence(missing.isEmpty(), summary, details);
  }

  private static String describe(long zone, String hypervisor, List<TemplateDownload> downloads) {
    return downloads.stream()
        .filter(d -> d.template().hypervisorType().equalsIgnoreCase(hypervisor)
            && (d.zoneId() == null || d.zoneId() == zone))
        .sorted((a, b) -> Boolean.compare(b.ready(), a.ready()))
        .findFirst()
        .map(d -> d.template().templateName() + " " + (d.ready() ? "READY" : d.downloadState()
            + (d.downloadPercent() == null ? "" : " " + d.downloadPercent() + "%")))
        .orElse("no 4.3 template registered");
  }
}
