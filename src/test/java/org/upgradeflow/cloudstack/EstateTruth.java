package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.upgradeflow.clouddb.CloudDatabase;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.clouddb.CloudDbProperties;
import org.upgradeflow.clouddb.CloudStackCipher;
import org.upgradeflow.clouddb.VmwarePasswordRow;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.lab.behaviour.CloudStackPackaging;
import org.upgradeflow.lab.estate.EstateHosts;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHostState;

/** The lab's truth about an estate after a path, read from hosts and database, never from the run. */
record EstateTruth(LabEstate estate) {

  CloudDatabase database() {
    return new CloudDatabases(CloudDbProperties.defaults()).forEnvironment(estate.environment());
  }

  LabHostState host(String name) {
    return estate.host(name).state();
  }

  List<String> names(String prefix) {
    return estate.hosts().keySet().stream().filter(n -> n.startsWith(prefix)).sorted().toList();
  }

  void upgradedTo(String release) {
    assertThat(database().currentVersion()).contains(release);
    for (String ms : names("ms")) {
      assertThat(host(ms).packages()).as(ms).containsEntry("cloudstack-management", release);
      assertThat(host(ms).services().get("cloudstack-management").running()).as(ms + " running").isTrue();
      assertThat(CloudStackPackaging.repositoryVersion(host(ms))).as(ms + " repository").contains("4.3");
    }
    for (String kvm : names("kvm")) {
      assertThat(host(kvm).packages()).as(kvm).containsEntry("cloudstack-agent", release);
      assertThat(host(kvm).services().get("cloudstack-agent").running()).as(kvm + " running").isTrue();
      assertThat(CloudStackPackaging.repositoryVersion(host(kvm))).as(kvm + " repository").contains("4.3");
    }
    for (String usage : names("usage")) {
      assertThat(host(usage).services().get("cloudstack-usage").running()).as(usage + " running").isTrue();
    }
  }

  /**
   * What every path leaves behind: {@link #upgradedTo}, VMware passwords, pool paths, vhd-util and
   * {@code integration.api.port} as it was before the run.
   */
  void pathCompleted(String release, Integer integrationApiPortBefore) throws Exception {
    upgradedTo(release);
    vmwarePasswordsDecrypt();
    storagePoolsFixed();
    vhdUtilInPlace();
    assertThat(database().integrationApiPort().orElse(null)).as("integration.api.port as before the run")
        .isEqualTo(integrationApiPortBefore);
  }

  void vmwarePasswordsDecrypt() throws Exception {
    String key = Files.readString(host("ms1").path("/etc/cloudstack/management/key")).lines().findFirst().orElseThrow();
    CloudStackCipher cipher = CloudStackCipher.withKey(Secret.of(key));
    List<VmwarePasswordRow> rows = database().vmwarePasswordRows();
    assertThat(rows).isNotEmpty();
    for (VmwarePasswordRow row : rows) {
      assertThat(cipher.decrypt(row.value().reveal()).reveal()).isEqualTo(EstateHosts.vcenterPassword(estate.id()));
    }
  }

  void storagePoolsFixed() {
    assertThat(database().localStoragePoolsWithTrailingSlash()).isEmpty();
  }

  void vhdUtilInPlace() {
    for (String ms : names("ms")) {
      assertThat(Files.isRegularFile(host(ms).path(PlanBuilder.VHD_UTIL))).as(ms + " vhd-util").isTrue();
    }
  }

  /** Package transactions are the commands that must never run twice on a host. */
  void packageCommandsOncePerHost() {
    estate.hosts().forEach((name, host) -> {
      Map<String, Long> counts = host.state().journal().commands().stream()
          .filter(c -> c.contains("yum ") || c.contains("apt-get -y") || c.startsWith("cloudstack-sysvmadm")
              || c.contains("killall jsvc"))
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(counts).as(name + " journal").allSatisfy((command, n) -> assertThat(n).as(command).isEqualTo(1L));
    });
  }

  /** What rollback must bring back: per host packages, running services and repository; the database's rows. */
  Map<String, Object> restorable() {
    Map<String, Object> state = new java.util.TreeMap<>();
    estate.hosts().forEach((name, host) -> {
      LabHostState h = host.state();
      state.put(name + " packages", new java.util.TreeMap<>(h.packages()));
      state.put(name + " running", h.services().entrySet().stream().filter(e -> e.getValue().running())
          .map(Map.Entry::getKey).sorted().toList());
      state.put(name + " repository", CloudStackPackaging.repositoryVersion(h).orElse(null));
    });
    CloudDatabase db = database();
    state.put("version", db.currentVersion().orElse(null));
    state.put("vmware rows", db.vmwarePasswordRows().stream().map(r -> r.value().reveal()).sorted().toList());
    state.put("pools with a trailing slash", db.localStoragePoolsWithTrailingSlash().stream().map(p -> p.path()).toList());
    state.put("integration.api.port", db.integrationApiPort().orElse(null));
    return state;
  }

  long commandCount(String host, String fragment) {
    return host(host).journal().commands().stream().filter(c -> c.contains(fragment)).count();
  }
}
