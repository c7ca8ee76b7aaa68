package org.upgradeflow.lab.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.upgradeflow.lab.estate.LabEstate;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.host.ServiceState;
import org.upgradeflow.testing.LabRig;
import org.upgradeflow.testing.LabSsh;

/** The lab's package managers going back from 4.3 to 4.0: removals, exact-release installs, the rename's conflicts. */
class PackageReinstallLabTest {

  @TempDir
  static Path dir;
  static LabRig lab;
  LabEstate estate;

  @BeforeAll
  static void start() {
    lab = LabRig.start(dir, p -> p.withDatabase("none"), "lab-cs-40x");
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  @BeforeEach
  void reset() {
    estate = lab.estate("lab-cs-40x");
    estate.reset();
  }

  @Test
  void yumRemovesThe43PackagesThenInstalls40AtTheExactRelease() throws Exception {
    LabHostState ms = estate.host("ms1").state();
    try (LabSsh ssh = new LabSsh(estate.environment(), "ms1")) {
      ssh.exec("service cloud-management stop");
      ssh.write("/etc/yum.repos.d/cloudstack.repo", "[cloudstack]\nbaseurl=http://cloudstack.lab/rhel/4.3/\n");
      assertThat(ssh.exec("yum -y upgrade cloud-client").exitCode()).isZero();
      ssh.write(PackageFiles.COMPONENT_CONTEXT, "<beans><!-- changed by the site --></beans>\n");
      ssh.write("/etc/yum.repos.d/cloudstack.repo", "[cloudstack]\nbaseurl=http://cloudstack.lab/rhel/4.0/\n");

      // the 4.3 package obsoletes cloud-client: yum installs nothing while it is there
      LabSsh.Result obsoleted = ssh.exec("yum -y install cloud-client-4.0.2-1.el6");
      assertThat(obsoleted.exitCode()).isZero();
      assertThat(obsoleted.out()).contains("Package cloud-client-4.0.2-1.el6.x86_64 is obsoleted by "
          + "cloudstack-management-4.3.2-1.el6.x86_64 which is already installed", "Nothing to do");
      assertThat(ms.packages()).doesNotContainKey("cloud-client");

      LabSsh.Result removed = ssh.exec("yum -y remove cloudstack-management cloudstack-common");
      assertThat(removed.out()).contains("Removed:", "cloudstack-management.x86_64 0:4.3.2-1.el6", "Complete!");
      assertThat(ms.packages()).doesNotContainKeys("cloudstack-management", "cloudstack-common");
      assertThat(ms.services()).doesNotContainKey("cloudstack-management");
      // rpm keeps a changed configuration file as .rpmsave and deletes what is as shipped
      assertThat(Files.exists(ms.path(PackageFiles.COMPONENT_CONTEXT))).isFalse();
      assertThat(Files.readString(ms.path(PackageFiles.COMPONENT_CONTEXT + ".rpmsave"))).contains("changed by the site");
      assertThat(Files.exists(ms.path(PackageFiles.XENSERVER_SCRIPTS + "/vmops"))).isFalse();

      LabSsh.Result notServed = ssh.exec("yum -y install cloud-client-4.0.1");
      assertThat(notServed.exitCode()).isEqualTo(1);
      assertThat(notServed.out()).contains("No package cloud-client-4.0.1 available.");

      int journal = ms.journal().commands().size();
      LabSsh.Result installed = ssh.exec("yum -y install cloud-client-4.0.2 cloud-utils-4.0.2-1.el6");
      assertThat(installed.exitCode()).isZero();
      assertThat(installed.out()).contains("---> Package cloud-client.x86_64 0:4.0.2-1.el6 will be installed",
          "Installed:", "Complete!");
      assertThat(ms.packages()).containsEntry("cloud-client", "4.0.2").containsEntry("cloud-utils", "4.0.2");
      assertThat(ms.services()).containsEntry("cloud-management", new ServiceState(false, true));
      assertThat(ms.journal().commands()).hasSize(journal + 1);

      LabSsh.Result again = ssh.exec("yum -y install cloud-client-4.0.2");
      assertThat(again.out()).contains("Package cloud-client-4.0.2-1.el6.x86_64 already installed and latest version",
          "Nothing to do");
      assertThat(ms.journal().commands()).hasSize(journal + 1);
    }
  }

  @Test
  void aptInstallsTheExact40ReleaseRemovingTheConflicting43Package() throws Exception {
    LabHostState kvm = estate.host("kvm-ubuntu-1").state();
    try (LabSsh ssh = new LabSsh(estate.environment(), "kvm-ubuntu-1")) {
      ssh.exec("service cloud-agent stop");
      ssh.write("/etc/apt/sources.list.d/cloudstack.list", "deb http://cloudstack.lab/ubuntu precise 4.3\n");
      assertThat(ssh.exec("apt-get update && apt-get -y -o Dpkg::Options::=--force-confold install cloudstack-agent")
          .exitCode()).isZero();
      ssh.write("/etc/apt/sources.list.d/cloudstack.list", "deb http://cloudstack.lab/ubuntu precise 4.0\n");

      assertThat(ssh.exec("apt-get -y install cloud-agent=4.0.2").exitCode())
          .as("apt installs from what the last update read: 4.3").isEqualTo(100);
      LabSsh.Result r = ssh.exec("apt-get update && apt-get -y install cloud-agent=4.0.2 cloud-utils=4.0.2");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("The following packages will be REMOVED:\n  cloudstack-agent",
          "The following NEW packages will be installed:\n  cloud-agent cloud-utils", "Setting up cloud-agent (4.0.2) ...");
      assertThat(kvm.packages()).containsEntry("cloud-agent", "4.0.2").doesNotContainKey("cloudstack-agent");
      assertThat(kvm.services()).containsEntry("cloud-agent", new ServiceState(false, true))
          .doesNotContainKey("cloudstack-agent");
      // apt-get remove keeps conffiles: the 4.3 agent.properties stays for a later purge
      assertThat(Files.exists(kvm.path("/etc/cloudstack/agent/agent.properties"))).isTrue();
    }
  }
}
