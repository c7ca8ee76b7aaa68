package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.gates.GateRefusedException;
import org.upgradeflow.testing.GateRuns;
import org.upgradeflow.testing.MariaDbServer;

/**
 * "Do not proceed until the template is READY": the real Gate with evidence from a real
 * CloudStack 4.2-shaped database. Zone 1 uses KVM, zone 2 XenServer and VMware.
 */
@ServiceTest
class SystemVmTemplatesGateTest {

  static final String USER = "tmplreader";
  static final String PASSWORD = "Tmpl-Reader-Pw";

  @Autowired RuntimeService runtime;
  @Autowired TaskService tasks;
  @Autowired ManagementService management;
  @Autowired IdentityService identity;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;

  MariaDbServer db;
  GateRuns runs;

  @BeforeEach
  void estateWithVmwareTemplateDownloading() throws Exception {
    db = MariaDbServer.get();
    db.loadCloudDatabase("clouddb/cloud-4.2.sql", USER, PASSWORD);
    try (Connection c = db.adminConnection("cloud"); Statement s = c.createStatement()) {
      s.execute("DELETE FROM template_store_ref");
      s.execute("INSERT INTO template_store_ref (store_id, template_id, store_role, download_pct, download_state, state)"
          + " VALUES (1, 201, 'Image', 100, 'DOWNLOADED', 'Ready'), (2, 202, 'Image', 100, 'DOWNLOADED', 'Ready'),"
          + " (2, 203, 'Image', 40, 'DOWNLOAD_IN_PROGRESS', 'Creating')");
    }
    Environment base = PlanBuilderTest.estate();
    registry.register(new Environment("tmpl-gate", base.product(), null, base.knownHosts(), base.repositoryUrl(),
        new DatabaseEndpoint(db.host(), db.port(), USER, Secret.of(PASSWORD)), base.hosts(), List.of(), List.of(),
        base.zones(), null, null, false));
    runs = new GateRuns(runtime, tasks, management, identity);
  }


  private void downloadFinishes() throws Exception {
    try (Connection c = db.adminConnection("cloud"); Statement s = c.createStatement()) {
      s.execute("UPDATE template_store_ref SET download_pct = 100, download_state = 'DOWNLOADED', state = 'Ready'"
          + " WHERE template_id = 203");
    }
  }

  @Test
  void showsPerZoneStateAndRefusesApprovalUntilTheTemplateIsReady() throws Exception {
    String id = runs.open("SystemVmTemplates", "ops", "tmpl-gate");
    String gate = runs.task(id, "Gate_Decide").getId();

    assertThat(runtime.getVariable(id, "gateConditionHolds")).isEqualTo(false);
    assertThat((String) runtime.getVariable(id, "gateEvidenceSummary"))
        .isEqualTo("not READY: zone 2 systemvm-vmware-4.3 (systemvm-vmware-4.3 DOWNLOAD_IN_PROGRESS 40%)");
    assertThat((Map<String, Object>) runtime.getVariable(id, "gateEvidence")).containsEntry("zone 1 KVM",
        "systemvm-kvm-4.3 READY").containsEntry("zone 2 VMware", "systemvm-vmware-4.3 DOWNLOAD_IN_PROGRESS 40%");

    assertThatThrownBy(() -> runs.completeAsChangeManager("cm", gate, Map.of("decision", "approve")))
        .rootCause().isInstanceOf(GateRefusedException.class)
        .hasMessageStartingWith("Gate SystemVmTemplates cannot be approved: not READY: zone 2 systemvm-vmware-4.3");

    downloadFinishes();
    runs.completeAsChangeManager("cm", gate, Map.of("decision", "approve"));
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(id).variableName("gateOutcome")
        .singleResult().getValue()).isEqualTo("approve");
  }

  @Test
  void aChangeManagerMayOverrideAMissingTemplateWithAWrittenReason() {
    String id = runs.open("SystemVmTemplates", "ops", "tmpl-gate");
    String gate = runs.task(id, "Gate_Decide").getId();
    assertThatThrownBy(() -> runs.completeAsChangeManager("cm", gate, Map.of("decision", "override")))
        .rootCause().hasMessage("reason: required for decision 'override' at gate SystemVmTemplates");
    runs.completeAsChangeManager("cm", gate, Map.of("decision", "override", "reason", "no VMware hosts will run system VMs after the move"));
    assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(id).variableName("gateOutcome")
        .singleResult().getValue()).isEqualTo("override");
  }
}
