package org.upgradeflow.lab.db;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.upgradeflow.environment.OsFamily;
import org.upgradeflow.lab.behaviour.Releases;
import org.upgradeflow.lab.estate.EstateDefinition;
import org.upgradeflow.lab.estate.EstateHosts;
import org.upgradeflow.lab.estate.XenServerCluster;

/**
 * The {@code cloud} schema of a lab estate at its release: the tables UpgradeFlow reads
 * (facts/cloudstack.md), with CloudStack's column types, and the estate's rows. What differs
 * by release: the {@code version} history; {@code vm_template.state} from 4.1;
 * {@code template_store_ref}/{@code image_store}/{@code vmware_data_center} from 4.2 (before:
 * {@code template_host_ref} on secondary storage hosts). Every estate has: two management
 * servers Up, KVM hosts (zone 1), a XenServer pool of three ({@link XenServerCluster}: member and
 * guest rows with xapi's uuids) and a VMware host (zone 2), the
 * first KVM local pool with a trailing slash, VMware passwords in plaintext,
 * {@code integration.api.port} NULL and its system VMs Running. 4.3 system VM templates: on
 * 4.3 estates all READY; before, KVM READY, XenServer still downloading, VMware not registered.
 */
public final class LabCloudSchema {

  /** The releases the lab knows, oldest first: the {@code version} table lists those up to the estate's. */
  static final List<String> HISTORY = List.of("2.2.14", "3.0.0", "3.0.7", "4.0.0", "4.0.2", "4.1.0", "4.1.1",
      "4.2.0", "4.2.1", "4.3.0", "4.3.1");

  private LabCloudSchema() {
  }

  public static String cloud(EstateDefinition def, int kvmHostsPerOs) {
    String release = def.release();
    boolean hasState = Releases.compare(release, "4.1") >= 0;
    boolean storeRefs = Releases.compare(release, "4.2") >= 0;
    boolean is43 = Releases.compare(release, "4.3") >= 0;
    StringBuilder sql = new StringBuilder();

    sql.append("""
        CREATE TABLE version (id bigint unsigned NOT NULL AUTO_INCREMENT, version char(40) NOT NULL,
          updated datetime NOT NULL, step char(32) NOT NULL, PRIMARY KEY (id), UNIQUE KEY (version));
        """);
    StringJoiner versions = new StringJoiner(",\n  ", "INSERT INTO version (version, updated, step) VALUES\n  ", ";\n");
    int month = 1;
    for (String v : HISTORY) {
      if (Releases.compare(v, release) <= 0) {
        versions.add("('" + v + "', '2012-" + String.format("%02d", Math.min(12, month++)) + "-01 10:00:00', 'Complete')");
      }
    }
    sql.append(versions);

    sql.append("""
        CREATE TABLE mshost (id bigint unsigned NOT NULL AUTO_INCREMENT, msid bigint unsigned NOT NULL,
          runid bigint NOT NULL DEFAULT 0, name varchar(255), state varchar(10) NOT NULL DEFAULT 'Down',
          version varchar(255), service_ip char(40) NOT NULL, service_port integer NOT NULL,
          last_update datetime, removed datetime, alert_count integer NOT NULL DEFAULT 0,
          PRIMARY KEY (id), UNIQUE KEY (msid));
        """);
    sql.append("INSERT INTO mshost (msid, runid, name, state, version, service_ip, service_port) VALUES\n")
        .append("  (345049223001, 1, 'ms1', 'Up', '").append(release).append("', '10.1.0.11', 9090),\n")
        .append("  (345049223002, 1, 'ms2', 'Up', '").append(release).append("', '10.1.0.12', 9090);\n");

    sql.append("""
        CREATE TABLE data_center (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(255),
          uuid varchar(40), removed datetime, PRIMARY KEY (id));
        """);
    sql.append("INSERT INTO data_center (id, name, uuid) VALUES (1, '").append(EstateHosts.ZONES.get(0))
        .append("', 'z1'), (2, '").append(EstateHosts.ZONES.get(1)).append("', 'z2');\n");

    sql.append("""
        CREATE TABLE cluster (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(255), uuid varchar(40),
          guid varchar(255), pod_id bigint unsigned NOT NULL, data_center_id bigint unsigned NOT NULL,
          hypervisor_type varchar(32), cluster_type varchar(64) DEFAULT 'CloudManaged',
          allocation_state varchar(32) NOT NULL DEFAULT 'Enabled', managed_state varchar(32) NOT NULL DEFAULT 'Managed',
          removed datetime, PRIMARY KEY (id));
        """);
    sql.append("INSERT INTO cluster (id, name, uuid, pod_id, data_center_id, hypervisor_type) VALUES\n")
        .append("  (1, 'lab-kvm-cluster', 'c1', 1, 1, 'KVM'),\n")
        .append("  (2, '").append(EstateHosts.POOL).append("', 'c2', 2, 2, 'XenServer'),\n")
        .append("  (3, '").append(EstateHosts.VMWARE_CLUSTER).append("', 'c3', 2, 2, 'VMware');\n");

    String vcPassword = EstateHosts.vcenterPassword(def.id());
    sql.append("""
        CREATE TABLE cluster_details (id bigint unsigned NOT NULL AUTO_INCREMENT, cluster_id bigint unsigned NOT NULL,
          name varchar(255) NOT NULL, value varchar(255) NOT NULL, PRIMARY KEY (id));
        """);
    sql.append("INSERT INTO cluster_details (cluster_id, name, value) VALUES\n")
        .append("  (3, 'url', 'http://").append(EstateHosts.VCENTER_HOST).append("/lab-dc/").append(EstateHosts.VMWARE_CLUSTER).append("'),\n")
        .append("  (3, 'username', '").append(EstateHosts.VCENTER_USER).append("'),\n")
        .append("  (3, 'password', '").append(vcPassword).append("'),\n")
        .append("  (1, 'cpuOvercommitRatio', '1');\n");

    sql.append("""
        CREATE TABLE host (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(255) NOT NULL, uuid varchar(40),
          status varchar(32) NOT NULL, type varchar(32) NOT NULL, private_ip_address char(40) NOT NULL,
          pod_id bigint unsigned, data_center_id bigint unsigned NOT NULL, cluster_id bigint unsigned,
          hypervisor_type varchar(32), resource_state varchar(32) NOT NULL DEFAULT 'Enabled',
          mgmt_server_id bigint unsigned, version varchar(40), storage_url varchar(255), removed datetime,
          PRIMARY KEY (id));
        CREATE TABLE host_details (id bigint unsigned NOT NULL AUTO_INCREMENT, host_id bigint unsigned NOT NULL,
          name varchar(255) NOT NULL, value varchar(255) NOT NULL, PRIMARY KEY (id));
        """);
    List<String> hostRows = new ArrayList<>();
    List<String> details = new ArrayList<>();
    List<String> pools = new ArrayList<>();
    int id = 0;
    List<String> kvm = new ArrayList<>();
    kvm.addAll(EstateHosts.kvmHostNames(OsFamily.RHEL, kvmHostsPerOs));
    kvm.addAll(EstateHosts.kvmHostNames(OsFamily.UBUNTU, kvmHostsPerOs));
    for (String name : kvm) {
      id++;
      String ip = ip(1, id);
      hostRows.add(routing(id, name, ip, 1, 1, 1, "KVM", release));
      details.add("(" + id + ", 'username', 'root')");
      details.add("(" + id + ", 'password', 'lab')");
      pools.add("(" + id + ", '" + name + " Local Storage', 'p" + id + "', 'Filesystem', 0, 1, '" + ip + "', '"
          + (id == 1 ? "/var/lib/libvirt/images/" : "/var/lib/libvirt/images") + "')");
    }
    XenServerCluster xen = XenServerCluster.of(def, kvm.size());
    for (XenServerCluster.Member m : xen.members()) {
      id++;
      hostRows.add(routing(id, m.name(), m.uuid(), ip(2, id), 2, 2, 2, "XenServer", release));
    }
    id++;
    hostRows.add(routing(id, "esx-1.lab", ip(2, id), 2, 2, 3, "VMware", release));
    int ss1 = ++id;
    hostRows.add("(" + ss1 + ", 'nfs://10.1.0.50/secondary', 'h" + ss1 + "', 'Up', 'SecondaryStorage', 'nfs', NULL, 1, NULL, 'None', 'Enabled', NULL, '"
        + release + "', 'nfs://10.1.0.50/secondary')");
    int ss2 = ++id;
    hostRows.add("(" + ss2 + ", 'nfs://10.2.0.50/secondary', 'h" + ss2 + "', 'Up', 'SecondaryStorage', 'nfs', NULL, 2, NULL, 'None', 'Enabled', NULL, '"
        + release + "', 'nfs://10.2.0.50/secondary')");
    id++;
    hostRows.add("(" + id + ", 's-1-VM', 'h" + id + "', 'Up', 'SecondaryStorageVM', '10.1.1.201', 1, 1, NULL, NULL, 'Enabled', 345049223001, '" + release + "', NULL)");
    id++;
    hostRows.add("(" + id + ", 'v-2-VM', 'h" + id + "', 'Up', 'ConsoleProxy', '10.1.1.202', 1, 1, NULL, NULL, 'Enabled', 345049223001, '" + release + "', NULL)");
    sql.append("INSERT INTO host (id, name, uuid, status, type, private_ip_address, pod_id, data_center_id, cluster_id,"
        + " hypervisor_type, resource_state, mgmt_server_id, version, storage_url) VALUES\n  ")
        .append(String.join(",\n  ", hostRows)).append(";\n");
    if (!details.isEmpty()) {
      sql.append("INSERT INTO host_details (host_id, name, value) VALUES ").append(String.join(", ", details)).append(";\n");
    }

    sql.append("CREATE TABLE vm_template (id bigint unsigned NOT NULL AUTO_INCREMENT, unique_name varchar(255) NOT NULL,"
        + " name varchar(255) NOT NULL, uuid varchar(40), type varchar(32), url varchar(255), format varchar(32) NOT NULL,"
        + " hypervisor_type varchar(32), " + (hasState ? "state varchar(255), " : "")
        + "removed datetime, PRIMARY KEY (id));\n");
    String sys43 = is43 ? "SYSTEM" : "USER";
    List<String[]> templates = new ArrayList<>(List.of(
        new String[] {"1", "routing-1", "SystemVM Template (XenServer)", "SYSTEM", "http://download.cloud.com/templates/acton/acton-systemvm-02062012.vhd.bz2", "VHD", "XenServer"},
        new String[] {"3", "routing-3", "SystemVM Template (KVM)", "SYSTEM", "http://download.cloud.com/templates/acton/acton-systemvm-02062012.qcow2.bz2", "QCOW2", "KVM"},
        new String[] {"8", "routing-8", "SystemVM Template (vSphere)", "SYSTEM", "http://download.cloud.com/templates/burbank/burbank-systemvm-08012012.ova", "OVA", "VMware"},
        new String[] {"201", "201-2-lab", "systemvm-kvm-4.3", sys43, "http://download.cloudstack.org/systemvm/4.3/systemvm64template-2014-01-14-master-kvm.qcow2.bz2", "QCOW2", "KVM"},
        new String[] {"202", "202-2-lab", "systemvm-xenserver-4.3", sys43, "http://download.cloudstack.org/systemvm/4.3/systemvm64template-2014-01-14-master-xen.vhd.bz2", "VHD", "XenServer"}));
    if (is43) {
      templates.add(new String[] {"203", "203-2-lab", "systemvm-vmware-4.3", sys43, "http://download.cloudstack.org/systemvm/4.3/systemvm64template-2014-01-14-master-vmware.ova", "OVA", "VMware"});
    }
    StringJoiner tpl = new StringJoiner(",\n  ", "INSERT INTO vm_template (id, unique_name, name, uuid, type, url, format, hypervisor_type"
        + (hasState ? ", state" : "") + ") VALUES\n  ", ";\n");
    for (String[] t : templates) {
      tpl.add("(" + t[0] + ", '" + t[1] + "', '" + t[2] + "', 't" + t[0] + "', '" + t[3] + "', '" + t[4] + "', '" + t[5] + "', '" + t[6] + "'"
          + (hasState ? ", 'Active'" : "") + ")");
    }
    sql.append(tpl);

    // download state: system templates everywhere; 4.3 templates as described above
    record Ref(int template, int zone, int pct, String downloadState, String state) {
    }
    List<Ref> refs = new ArrayList<>(List.of(
        new Ref(1, 2, 100, "DOWNLOADED", "Ready"), new Ref(3, 1, 100, "DOWNLOADED", "Ready"),
        new Ref(8, 2, 100, "DOWNLOADED", "Ready"), new Ref(201, 1, 100, "DOWNLOADED", "Ready")));
    refs.add(is43 ? new Ref(202, 2, 100, "DOWNLOADED", "Ready") : new Ref(202, 2, 42, "DOWNLOAD_IN_PROGRESS", "Creating"));
    if (is43) {
      refs.add(new Ref(203, 2, 100, "DOWNLOADED", "Ready"));
    }
    if (storeRefs) {
      sql.append("""
          CREATE TABLE image_store (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(255) NOT NULL,
            uuid varchar(255), protocol varchar(255) NOT NULL, url varchar(255) NOT NULL,
            image_provider_name varchar(255) NOT NULL, data_center_id bigint unsigned, scope varchar(255),
            role varchar(255), parent varchar(255), created datetime, removed datetime, PRIMARY KEY (id));
          INSERT INTO image_store (id, name, uuid, protocol, url, image_provider_name, data_center_id, scope, role) VALUES
            (1, 'nfs://10.1.0.50/secondary', 's1', 'nfs', 'nfs://10.1.0.50/secondary', 'NFS', 1, 'ZONE', 'Image'),
            (2, 'nfs://10.2.0.50/secondary', 's2', 'nfs', 'nfs://10.2.0.50/secondary', 'NFS', 2, 'ZONE', 'Image');
          CREATE TABLE template_store_ref (id bigint unsigned NOT NULL AUTO_INCREMENT, store_id bigint unsigned,
            template_id bigint unsigned NOT NULL, store_role varchar(255), download_pct int unsigned,
            download_state varchar(255), install_path varchar(255), state varchar(255) NOT NULL,
            destroyed tinyint(1) DEFAULT 0, PRIMARY KEY (id));
          """);
      StringJoiner r = new StringJoiner(",\n  ", "INSERT INTO template_store_ref (store_id, template_id, store_role,"
          + " download_pct, download_state, install_path, state) VALUES\n  ", ";\n");
      refs.forEach(x -> r.add("(" + x.zone() + ", " + x.template() + ", 'Image', " + x.pct() + ", '" + x.downloadState()
          + "', 'template/tmpl/1/" + x.template() + "/lab', '" + x.state() + "')"));
      sql.append(r);
      sql.append("""
          CREATE TABLE vmware_data_center (id bigint unsigned NOT NULL AUTO_INCREMENT, uuid varchar(255),
            name varchar(255) NOT NULL, guid varchar(255) NOT NULL, vcenter_host varchar(255) NOT NULL,
            username varchar(255) NOT NULL, password varchar(255) NOT NULL, PRIMARY KEY (id));
          """);
      sql.append("INSERT INTO vmware_data_center (uuid, name, guid, vcenter_host, username, password) VALUES ('d1', 'lab-dc', 'lab-dc@")
          .append(EstateHosts.VCENTER_HOST).append("', '").append(EstateHosts.VCENTER_HOST).append("', '")
          .append(EstateHosts.VCENTER_USER).append("', '").append(vcPassword).append("');\n");
    }
    sql.append("""
        CREATE TABLE template_host_ref (id bigint unsigned NOT NULL AUTO_INCREMENT, host_id bigint unsigned NOT NULL,
          template_id bigint unsigned NOT NULL, download_pct int unsigned, download_state varchar(255),
          install_path varchar(255), PRIMARY KEY (id));
        """);
    if (!storeRefs) {
      StringJoiner r = new StringJoiner(",\n  ", "INSERT INTO template_host_ref (host_id, template_id, download_pct,"
          + " download_state, install_path) VALUES\n  ", ";\n");
      refs.forEach(x -> r.add("(" + (x.zone() == 1 ? ss1 : ss2) + ", " + x.template() + ", " + x.pct() + ", '"
          + x.downloadState() + "', 'template/tmpl/1/" + x.template() + "/lab')"));
      sql.append(r);
    }

    sql.append("""
        CREATE TABLE storage_pool (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(255), uuid varchar(255),
          pool_type varchar(32) NOT NULL, port int unsigned NOT NULL, data_center_id bigint unsigned NOT NULL,
          host_address varchar(255) NOT NULL, path varchar(255) NOT NULL, removed datetime, PRIMARY KEY (id));
        """);
    pools.add("(" + (pools.size() + 1) + ", 'lab-primary-1', 'pp1', 'NetworkFilesystem', 2049, 1, '10.1.0.60', '/export/primary')");
    pools.add("(" + (pools.size() + 1) + ", 'lab-primary-2', 'pp2', 'NetworkFilesystem', 2049, 2, '10.2.0.60', '/export/primary')");
    sql.append("INSERT INTO storage_pool (id, name, uuid, pool_type, port, data_center_id, host_address, path) VALUES\n  ")
        .append(String.join(",\n  ", pools)).append(";\n");

    sql.append("""
        CREATE TABLE configuration (category varchar(255) NOT NULL DEFAULT 'Advanced', instance varchar(255) NOT NULL,
          component varchar(255) NOT NULL DEFAULT 'management-server', name varchar(255) NOT NULL,
          value varchar(4095), description varchar(1024), PRIMARY KEY (name));
        INSERT INTO configuration (category, instance, component, name, value, description) VALUES
          ('Advanced', 'DEFAULT', 'management-server', 'integration.api.port', NULL, 'Default API port'),
          ('Advanced', 'DEFAULT', 'management-server', 'host', '10.1.0.11', 'The ip address of management server');
        CREATE TABLE vm_instance (id bigint unsigned NOT NULL AUTO_INCREMENT, name varchar(255) NOT NULL,
          uuid varchar(40), instance_name varchar(255) NOT NULL, state varchar(32) NOT NULL, type varchar(32) NOT NULL,
          host_id bigint unsigned, data_center_id bigint unsigned NOT NULL, removed datetime, PRIMARY KEY (id));
        """);
    long kvm1 = kvm.isEmpty() ? xen.members().get(0).id() : 1;
    List<String> vms = new ArrayList<>(List.of(
        "(1, 's-1-VM', 'v1', 's-1-VM', 'Running', 'SecondaryStorageVm', " + kvm1 + ", 1)",
        "(2, 'v-2-VM', 'v2', 'v-2-VM', 'Running', 'ConsoleProxy', " + kvm1 + ", 1)",
        "(5, 'r-5-VM', 'v5', 'r-5-VM', 'Running', 'DomainRouter', " + kvm1 + ", 1)",
        "(7, 'i-2-7-VM', 'v7', 'i-2-7-VM', 'Running', 'User', " + kvm1 + ", 1)"));
    // the pool's guests: the same plan the xe model starts from
    xen.guests().forEach(g -> vms.add("(" + g.id() + ", '" + g.name() + "', '" + g.uuid() + "', '" + g.name()
        + "', 'Running', '" + g.type() + "', " + xen.member(g.member()).id() + ", 2)"));
    sql.append("INSERT INTO vm_instance (id, name, uuid, instance_name, state, type, host_id, data_center_id) VALUES\n  ")
        .append(String.join(",\n  ", vms)).append(";\n");
    return sql.toString();
  }

  /** {@code cloud_usage}: the usage records the 2.2.14 path must see billed. */
  public static String cloudUsage(EstateDefinition def) {
    return """
        CREATE TABLE cloud_usage (id bigint unsigned NOT NULL AUTO_INCREMENT, zone_id bigint unsigned NOT NULL,
          account_id bigint unsigned NOT NULL, description varchar(255) NOT NULL, usage_display varchar(255) NOT NULL,
          usage_type int(1) unsigned, raw_usage double unsigned NOT NULL, usage_id bigint unsigned,
          start_date datetime NOT NULL, end_date datetime NOT NULL, PRIMARY KEY (id));
        INSERT INTO cloud_usage (zone_id, account_id, description, usage_display, usage_type, raw_usage, usage_id, start_date, end_date) VALUES
          (1, 2, 'IPAddress: 10.1.1.150', '24 Hrs', 3, 24, 1, '2014-01-09 00:00:00', '2014-01-09 23:59:59'),
          (2, 2, 'IPAddress: 10.2.1.150', '24 Hrs', 3, 24, 2, '2014-01-09 00:00:00', '2014-01-09 23:59:59');
        CREATE TABLE usage_job (id bigint unsigned NOT NULL AUTO_INCREMENT, host varchar(255), pid int unsigned,
          job_type int unsigned, scheduled int unsigned, start_millis bigint unsigned NOT NULL DEFAULT 0,
          end_millis bigint unsigned NOT NULL DEFAULT 0, exec_time bigint unsigned NOT NULL DEFAULT 0,
          start_date datetime, end_date datetime, success int unsigned, heartbeat datetime NOT NULL, PRIMARY KEY (id));
        INSERT INTO usage_job (host, pid, job_type, scheduled, success, start_date, end_date, heartbeat) VALUES
          ('usage1', 4242, 0, 0, 1, '2014-01-10 00:15:00', '2014-01-10 00:16:00', '2014-01-10 08:59:00');
        """ + "-- " + def.id() + "\n";
  }

  private static String routing(int id, String name, String ip, int pod, int zone, int cluster, String hv, String release) {
    return routing(id, name, "h" + id, ip, pod, zone, cluster, hv, release);
  }

  private static String routing(int id, String name, String uuid, String ip, int pod, int zone, int cluster, String hv,
      String release) {
    return "(" + id + ", '" + name + "', '" + uuid + "', 'Up', 'Routing', '" + ip + "', " + pod + ", " + zone + ", "
        + cluster + ", '" + hv + "', 'Enabled', 345049223001, '" + release + "', NULL)";
  }

  private static String ip(int zone, int n) {
    return "10." + zone + "." + (1 + n / 250) + "." + (20 + n % 250);
  }
}
