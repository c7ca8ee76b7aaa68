package org.upgradeflow.lab.estate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.upgradeflow.clouddb.CloudStackCipher;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.HostRole;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.environment.Secret;
import org.upgradeflow.lab.behaviour.CloudStackPackaging;
import org.upgradeflow.lab.behaviour.PackageFiles;
import org.upgradeflow.lab.behaviour.Releases;
import org.upgradeflow.lab.host.LabHostSpec;
import org.upgradeflow.lab.host.LabTime;
import org.upgradeflow.lab.usagemeter.UsageMeterAppliance;

/**
 * The hosts of an estate in their initial state for its release (facts/cloudstack.md): packages
 * ({@code cloud-*} before 4.1, {@code cloudstack-*} from 4.1), services running, repository files
 * pointing at the source version, agent and management configuration, key file, logs.
 */
public final class EstateHosts {

  /** The vCenter of every CloudStack estate's VMware cluster. */
  public static final String VCENTER_HOST = "vcenter.lab";
  public static final String VCENTER_USER = "administrator@vsphere.local";
  public static final String POOL = "lab-xen-pool";
  public static final String VMWARE_CLUSTER = "lab-vmw-cluster";
  public static final List<String> ZONES = List.of("lab-zone1", "lab-zone2");

  private EstateHosts() {
  }

  public static String vcenterPassword(String estateId) {
    return "Vc-" + estateId + "-pw";
  }

  public static String managementKey(String estateId) {
    return "lab-mgmt-key-" + estateId;
  }

  public static List<String> kvmHostNames(OsFamily os, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add("kvm-" + os.name().toLowerCase(Locale.ROOT) + "-" + i);
    }
    return names;
  }

  public static List<PlannedHost> cloudStack(EstateDefinition def, LabProperties props, DatabaseEndpoint db) {
    String release = def.release();
    OsFamily mgmtOs = OsFamily.valueOf(props.managementOs().toUpperCase(Locale.ROOT));
    LabTime time = props.time();
    String prefix = CloudStackPackaging.prefix(release);
    String cfg = CloudStackPackaging.configDir(release);
    String logs = CloudStackPackaging.logDir(release);
    boolean newNames = Releases.newNames(release);
    List<PlannedHost> hosts = new ArrayList<>();
    for (String ms : List.of("ms1", "ms2")) {
      LabHostSpec.Builder b = base(def, ms, mgmtOs, time);
      repository(b, mgmtOs, props.repositoryUrl(), def.repositoryVersion());
      if (newNames) {
        b.pkg("cloudstack-management", release).pkg("cloudstack-common", release);
        for (String pkg : List.of("cloudstack-management", "cloudstack-common")) {
          PackageFiles.shipped(pkg).forEach(b::file);
        }
      } else {
        b.pkg("cloud-client", release).pkg("cloud-server", release).pkg("cloud-utils", release)
            .pkg("cloud-setup", release).pkg("cloud-scripts", release);
        // ms2 has the stock file; ms1 a site's change that the 4.0 path's gate must show
        PackageFiles.shipped("cloud-client").forEach((path, stock) -> b.file(path, ms.equals("ms1") ? customised(stock) : stock));
      }
      b.service(prefix + "-management", true, true)
          .file(cfg + "/management/key", managementKey(def.id()) + "\n")
          .file(cfg + "/management/db.properties", dbProperties(def, db))
          .file(logs + "/management/management-server.log", managementLog(release));
      hosts.add(new PlannedHost(ms, HostRole.MANAGEMENT_SERVER, b.build()));
    }
    LabHostSpec.Builder usage = base(def, "usage1", mgmtOs, time);
    repository(usage, mgmtOs, props.repositoryUrl(), def.repositoryVersion());
    if (newNames) {
      usage.pkg("cloudstack-usage", release).pkg("cloudstack-common", release);
    } else {
      usage.pkg("cloud-usage", release).pkg("cloud-utils", release);
    }
    usage.service(prefix + "-usage", true, true)
        .file(cfg + "/management/key", managementKey(def.id()) + "\n")
        .file(cfg + "/management/db.properties", dbProperties(def, db))
        .file(logs + "/usage/usage.log", "");
    hosts.add(new PlannedHost("usage1", HostRole.USAGE_SERVER, usage.build()));

    LabHostSpec.Builder dbHost = base(def, "db1", mgmtOs, time);
    if (mgmtOs == OsFamily.UBUNTU) {
      dbHost.pkg("mysql-server", "5.5.35-0ubuntu0.12.04.2").service("mysql", true, true).file("/etc/mysql/my.cnf", MY_CNF);
    } else {
      dbHost.pkg("mysql-server", "5.1.73").service("mysqld", true, true).file("/etc/my.cnf", MY_CNF);
    }
    dbHost.file("/var/lib/mysql/.lab", "the lab's cloud database runs in the lab database server, not here\n");
    hosts.add(new PlannedHost("db1", HostRole.DATABASE_HOST, dbHost.build()));

    for (OsFamily os : List.of(OsFamily.RHEL, OsFamily.UBUNTU)) {
      for (String name : kvmHostNames(os, props.kvmHostsPerOs())) {
        LabHostSpec.Builder kvm = base(def, name, os, time);
        repository(kvm, os, props.repositoryUrl(), def.repositoryVersion());
        if (newNames) {
          kvm.pkg("cloudstack-agent", release).pkg("cloudstack-common", release);
        } else {
          kvm.pkg("cloud-agent", release).pkg("cloud-agent-libs", release).pkg("cloud-utils", release)
              .pkg("cloud-scripts", release);
        }
        kvm.pkg(os == OsFamily.UBUNTU ? "libvirt-bin" : "libvirt", os == OsFamily.UBUNTU ? "0.9.8-2ubuntu17" : "0.10.2")
            .service(prefix + "-agent", true, true)
            .service(os == OsFamily.UBUNTU ? "libvirt-bin" : "libvirtd", true, true)
            .file(cfg + "/agent/agent.properties", agentProperties(def, name, newNames))
            .file(cfg + "/agent/environment.properties", "paths.script="
                + (newNames ? "/usr/share/cloudstack-common" : "/usr/lib64/cloud/common") + "\n")
            .file(cfg + "/agent/log4j-cloud.xml", "<log4j:configuration/>\n")
            .file(logs + "/agent/agent.log", "");
        hosts.add(new PlannedHost(name, HostRole.KVM_HOST, kvm.build()));
      }
    }
    XenServerCluster cluster = XenServerCluster.of(def, 2 * props.kvmHostsPerOs());
    String xenBuild = cluster.version() + "-" + cluster.build();
    for (XenServerCluster.Member xen : cluster.members()) {
      // xapi takes the host's uuid from INSTALLATION_UUID: the same uuid as the host's row in the cloud database
      LabHostSpec.Builder x = base(def, xen.name(), OsFamily.XENSERVER, time)
          .pkg("xapi-core", xenBuild).service("xapi", true, true)
          .file("/etc/redhat-release", "XenServer release " + xenBuild + " (xenenterprise)\n")
          .file("/etc/xensource/pool.conf", xen.name().equals("xen1") ? "master" : "slave:xen1")
          .file("/etc/xensource-inventory", "PRODUCT_VERSION='" + cluster.version() + "'\nBUILD_NUMBER='"
              + cluster.build() + "'\nINSTALLATION_UUID='" + xen.uuid() + "'\n");
      hosts.add(new PlannedHost(xen.name(), HostRole.XENSERVER_HOST, x.build()));
    }
    return hosts;
  }

  public static List<PlannedHost> usageMeter(EstateDefinition def, LabProperties props) {
    LabHostSpec.Builder b = base(def, "um1", OsFamily.PHOTON, props.time()).login("root", "vmware");
    LabHostSpec spec = UsageMeterAppliance.install(b, def.release(), "um1").build();
    return List.of(new PlannedHost("um1", HostRole.USAGE_METER_APPLIANCE, spec));
  }

  private static LabHostSpec.Builder base(EstateDefinition def, String name, OsFamily os, LabTime time) {
    return LabHostSpec.builder(def.id() + "." + name, os).hostname(name).time(time);
  }

  private static void repository(LabHostSpec.Builder b, OsFamily os, String url, String version) {
    String content = CloudStackPackaging.repositoryFileContent(os, url, version);
    b.file(CloudStackPackaging.repositoryFile(os), content);
    if (os == OsFamily.UBUNTU) {
      b.file(CloudStackPackaging.APT_INDEX_FILE, content);
    }
  }

  private static String dbProperties(EstateDefinition def, DatabaseEndpoint db) {
    String host = db == null ? "localhost" : db.host();
    int port = db == null ? 3306 : db.port();
    String password = db == null ? "cloud" : db.password().reveal();
    boolean encrypted = Releases.compare(def.release(), "3.0") >= 0;
    String stored = encrypted
        ? "ENC(" + CloudStackCipher.withKey(Secret.of(managementKey(def.id()))).encrypt(Secret.of(password)) + ")"
        : password;
    return "# generated by the UpgradeFlow lab\n"
        + "cluster.node.IP=127.0.0.1\ncluster.servlet.port=9090\n"
        + "db.cloud.username=cloud\ndb.cloud.password=" + stored + "\n"
        + "db.cloud.host=" + host + "\ndb.cloud.port=" + port + "\ndb.cloud.name=cloud\n"
        + "db.usage.username=cloud\ndb.usage.password=" + stored + "\n"
        + "db.usage.host=" + host + "\ndb.usage.port=" + port + "\ndb.usage.name=cloud_usage\n"
        + (encrypted ? "db.cloud.encryption.type=file\ndb.cloud.encrypt.secret=ENC(lab)\n" : "");
  }

  private static String agentProperties(EstateDefinition def, String name, boolean newNames) {
    return "# generated by the UpgradeFlow lab\nhost=127.0.0.1\nport=8250\nzone=1\npod=1\ncluster=1\n"
        + "guid=" + def.id() + "-" + name + "\nlocal.storage.uuid=" + def.id() + "-" + name + "-local\n"
        + "resource=" + (newNames ? "com.cloud.hypervisor.kvm.resource.LibvirtComputingResource"
            : "com.cloud.agent.resource.computing.LibvirtComputingResource") + "\n";
  }

  private static String managementLog(String release) {
    return "2014-01-10 09:00:01,101 INFO  [cloud.upgrade.DatabaseUpgradeChecker] (main:null) DB version = "
        + release + " Code Version = " + release + "\n"
        + "2014-01-10 09:00:01,102 INFO  [cloud.upgrade.DatabaseUpgradeChecker] (main:null) "
        + "DB version and code version matches so no upgrade needed.\n"
        + "2014-01-10 09:00:09,870 INFO  [cloud.server.ManagementServerImpl] (main:null) Startup CloudStack management server...\n";
  }

  /** The stock components.xml with one more fencing adapter, as a site with IPMI fencing would have it. */
  static String customised(String stockComponentsXml) {
    String anchor = "<adapter name=\"KVMFenceBuilder\" class=\"com.cloud.ha.KVMFencer\"/>\n";
    if (!stockComponentsXml.contains(anchor)) {
      throw new IllegalStateException("the stock components.xml has no KVMFenceBuilder adapter to add a site's fencer after");
    }
    return stockComponentsXml.replace(anchor, anchor
        + "            <adapter name=\"IpmiFenceBuilder\" class=\"org.example.cloud.ha.IpmiFencer\"/>\n");
  }

  private static final String MY_CNF = "[mysqld]\ndatadir=/var/lib/mysql\ninnodb_rollback_on_timeout=1\n"
      + "innodb_lock_wait_timeout=600\nmax_connections=350\nlog-bin=mysql-bin\nbinlog-format='ROW'\n";
}
