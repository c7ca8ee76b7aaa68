package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.upgradeflow.ServiceTest;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.testing.JobDriver;
import org.upgradeflow.testing.LabRig;

/**
 * fixStoragePoolPaths, copyVhdUtil and applyApiAuthenticator as the 4.0 path runs them after the
 * management server packages are upgraded, on the engine against lab-cs-40x (SSH hosts and its
 * MariaDB); a second run changes nothing. Judged by the database rows, the hosts' files and journals.
 */
@ServiceTest
class CloudStackFileStepsProcessTest {

  @TempDir
  static Path dir;
  static LabRig lab;
  static LabEstate estate;
  static Environment env;

  @Autowired RuntimeService runtime;
  @Autowired ManagementService management;
  @Autowired HistoryService history;
  @Autowired EnvironmentRegistry registry;
  @Autowired ManagementPackages packages;
  @Autowired RepositoryPointer repositories;

  @BeforeAll
  static void startLab() {
    lab = LabRig.start(dir, "lab-cs-40x");
    estate = lab.estate("lab-cs-40x");
    env = estate.environment();
  }

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @BeforeEach
  void resetAndUpgradeManagementServers() {
    estate.reset();
    registry.register(env);
    for (Host ms : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      assertThat(Files.exists(estate.host(ms.name()).state().path(ComponentContext.PATH))).isFalse();
      repositories.pointAt(env, ms, "4.3");
      packages.upgrade(env, ms, Naming.LEGACY, "4.3");
    }
  }

  private String run(String apiAuthenticator) {
    Map<String, Object> variables = new HashMap<>(Map.of("environmentId", env.id(), "apiAuthenticator", apiAuthenticator));
    String id = runtime.startProcessInstanceByKey("FixtureCloudStackFileSteps", variables).getId();
    JobDriver.drive(management, id);
    return id;
  }

  private Object variable(String id, String name) {
    var v = history.createHistoricVariableInstanceQuery().processInstanceId(id).variableName(name).singleResult();
    return v == null ? null : v.getValue();
  }

  private Map<String, String> localPoolPaths() throws Exception {
    Map<String, String> paths = new LinkedHashMap<>();
    try (Connection c = estate.database().orElseThrow().server().adminConnection("cloud");
        ResultSet rs = c.createStatement().executeQuery("SELECT name, path, pool_type FROM storage_pool ORDER BY id")) {
      while (rs.next()) {
        paths.put(rs.getString(1), rs.getString(3) + " " + rs.getString(2));
      }
    }
    return paths;
  }

  private Map<String, Integer> journalSizes() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    estate.hosts().forEach((name, host) -> sizes.put(name, host.state().journal().entries().size()));
    return sizes;
  }

  @Test
  void fixesPoolPathsCopiesVhdUtilAndPutsPlainTextFirstOnceOnly() throws Exception {
    Map<String, String> before = localPoolPaths();
    assertThat(before).containsValue("Filesystem /var/lib/libvirt/images/");

    String first = run("md5-compatible");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(first).count()).isZero();

    Map<String, String> after = localPoolPaths();
    assertThat(after.values()).noneMatch(p -> p.startsWith("Filesystem") && p.endsWith("/"))
        .contains("Filesystem /var/lib/libvirt/images");
    // other pool types keep their paths
    before.forEach((name, value) -> {
      if (!value.startsWith("Filesystem")) {
        assertThat(after.get(name)).isEqualTo(value);
      }
    });
    assertThat((String) variable(first, "storagePoolsFixed")).contains("/var/lib/libvirt/images/ -> /var/lib/libvirt/images");

    byte[] artifact = Files.readAllBytes(Path.of(env.artifacts(), "vhd-util"));
    for (Host ms : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      var state = estate.host(ms.name()).state();
      Path vhdUtil = state.path(VhdUtilCopy.REMOTE_PATH);
      assertThat(Files.readAllBytes(vhdUtil)).as(ms.name()).isEqualTo(artifact);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(vhdUtil))).isEqualTo("rwxr-xr-x");
      String context = Files.readString(state.path(ComponentContext.PATH));
      assertThat(ComponentContext.authenticators(context)).containsExactly("PlainTextUserAuthenticator",
          "SHA256SaltedUserAuthenticator", "MD5UserAuthenticator", "LDAPUserAuthenticator");
      assertThat(state.journal().commands()).anyMatch(c -> c.startsWith("sftp write " + ComponentContext.PATH + ".upgradeflow-")
          && c.endsWith(".bak"));
    }
    assertThat((String) variable(first, "vhdUtilCopied")).contains("ms1: " + VhdUtilCopy.REMOTE_PATH + " copied");
    assertThat((String) variable(first, "apiAuthenticatorApplied")).startsWith("md5-compatible")
        .contains("ms2: PlainTextUserAuthenticator is the default authenticator (changed; backup ");

    Map<String, Integer> journals = journalSizes();
    String second = run("md5-compatible");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(second).count()).isZero();
    assertThat(journalSizes()).as("a second run changes nothing on any host").isEqualTo(journals);
    assertThat(localPoolPaths()).isEqualTo(after);
    assertThat((String) variable(second, "vhdUtilCopied")).contains("ms1: " + VhdUtilCopy.REMOTE_PATH + " already identical");
    assertThat((String) variable(second, "apiAuthenticatorApplied")).contains("(unchanged)");
  }

  @Test
  void theDefaultChoiceLeavesComponentContextAsInstalledAndAnUnknownChoiceIsRefused() throws Exception {
    String id = run("default");
    for (Host ms : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      String context = Files.readString(estate.host(ms.name()).state().path(ComponentContext.PATH));
      assertThat(ComponentContext.authenticators(context).get(0)).isEqualTo("SHA256SaltedUserAuthenticator");
    }
    assertThat((String) variable(id, "apiAuthenticatorApplied")).contains("ms1: SHA256SaltedUserAuthenticator is the"
        + " default authenticator (unchanged)");

    String refused = runtime.startProcessInstanceByKey("FixtureCloudStackFileSteps",
        Map.of("environmentId", env.id(), "apiAuthenticator", "md5")).getId();
    for (int i = 0; i < 2; i++) {
      management.executeJob(management.createJobQuery().processInstanceId(refused).executable().list().get(0).getId());
    }
    Job failing = management.createJobQuery().processInstanceId(refused).singleResult();
    assertThatThrownBy(() -> management.executeJob(failing.getId()))
        .hasMessageContaining("apiAuthenticator: expected one of [md5-compatible, default], got 'md5'");
  }
}
