package org.upgradeflow.cloudstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.upgradeflow.environment.OsFamily;

class FileEditsTest {

  static final String REPO_42 = """
      [apache-cloudstack]
      name=Apache CloudStack
      baseurl=http://cloudstack.apt-get.eu/rhel/4.2/
      enabled=1
      gpgcheck=0
      """;

  @Test
  void pointsAYumRepositoryAtTheTargetKeepingTheOtherLines() {
    String edited = RepositoryFile.pointAt(OsFamily.RHEL, REPO_42, "http://cloudstack.apt-get.eu/", "4.3");
    assertThat(edited).isEqualTo(REPO_42.replace("/rhel/4.2/", "/rhel/4.3/"));
    assertThat(RepositoryFile.pointsAt(OsFamily.RHEL, edited)).isEqualTo("4.3");
    assertThat(RepositoryFile.pointAt(OsFamily.RHEL, edited, "http://cloudstack.apt-get.eu", "4.3")).isEqualTo(edited);
  }

  @Test
  void pointsAnAptListAtTheTarget() {
    String list = "deb http://cloudstack.apt-get.eu/ubuntu precise 4.2\n";
    String edited = RepositoryFile.pointAt(OsFamily.UBUNTU, list, "http://mirror.example.net", "4.3");
    assertThat(edited).isEqualTo("deb http://mirror.example.net/ubuntu precise 4.3\n");
    assertThat(RepositoryFile.pointsAt(OsFamily.UBUNTU, list)).isEqualTo("4.2");
  }

  @Test
  void writesAFreshFileWhenNoneExisted() {
    assertThat(RepositoryFile.pointAt(OsFamily.UBUNTU, "", "http://m", "4.3")).isEqualTo("deb http://m/ubuntu precise 4.3\n");
    assertThat(RepositoryFile.pointsAt(OsFamily.RHEL, RepositoryFile.pointAt(OsFamily.RHEL, "", "http://m", "4.3")))
        .isEqualTo("4.3");
  }

  @Test
  void refusesAVersionThatIsNeitherASeriesNorARelease() {
    assertThatThrownBy(() -> RepositoryFile.pointAt(OsFamily.RHEL, REPO_42, "http://m", "4.3/../x"))
        .hasMessage("repository version: expected a series such as 4.3 or a release such as 4.3.1, got '4.3/../x'");
    String exact = RepositoryFile.pointAt(OsFamily.RHEL, REPO_42, "http://m", "4.3.1");
    assertThat(exact).contains("baseurl=http://m/rhel/4.3.1/");
    assertThat(RepositoryFile.pointsAt(OsFamily.RHEL, exact)).isEqualTo("4.3.1");
  }

  @Test
  void addsPathsScriptOnceAndReplacesAWrongOne() {
    String added = AgentProperties.withPathsScript("# agent environment\n");
    assertThat(added).isEqualTo("# agent environment\npaths.script=/usr/share/cloudstack-common\n");
    assertThat(AgentProperties.withPathsScript(added)).isSameAs(added);
    assertThat(AgentProperties.withPathsScript("paths.script=/usr/lib/cloud/common\nx=1\n"))
        .isEqualTo("x=1\npaths.script=/usr/share/cloudstack-common\n");
  }

  @Test
  void updatesTheOldAgentResourceClass() {
    String old = "resource=com.cloud.agent.resource.computing.LibvirtComputingResource\nport=8250\n";
    assertThat(AgentProperties.withCurrentResource(old))
        .isEqualTo("resource=com.cloud.hypervisor.kvm.resource.LibvirtComputingResource\nport=8250\n");
  }
}
