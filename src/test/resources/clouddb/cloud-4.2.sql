-- A CloudStack 4.2.1 `cloud` schema cut down to the tables and columns UpgradeFlow reads
-- (facts/cloudstack.md), with column types as in CloudStack's schema scripts.
-- Same estate as cloud-4.1.sql after the 4.1 -> 4.2 upgrade: download state moved to
-- template_store_ref (the old template_host_ref is still there with stale rows),
-- vmware_data_center exists, and a 4.3.0 upgrade has been started (step Upgrade) but not completed.

CREATE TABLE version (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  version char(40) NOT NULL,
  updated datetime NOT NULL,
  step char(32) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY (version)
);
INSERT INTO version (id, version, updated, step) VALUES
  (1, '4.0.0', '2012-11-06 10:00:00', 'Complete'),
  (2, '4.0.2', '2013-04-02 10:00:00', 'Complete'),
  (3, '4.1.0', '2013-06-05 10:00:00', 'Complete'),
  (4, '4.1.1', '2013-08-01 10:00:00', 'Complete'),
  (5, '4.2.0', '2013-10-01 10:00:00', 'Complete'),
  (6, '4.2.1', '2013-12-01 10:00:00', 'Complete'),
  (7, '4.3.0', '2014-03-01 10:00:00', 'Upgrade');

CREATE TABLE mshost (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  msid bigint unsigned NOT NULL,
  runid bigint NOT NULL DEFAULT 0,
  name varchar(255),
  state varchar(10) NOT NULL DEFAULT 'Down',
  version varchar(255),
  service_ip char(40) NOT NULL,
  service_port integer NOT NULL,
  last_update datetime,
  removed datetime,
  alert_count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  UNIQUE KEY (msid)
);
INSERT INTO mshost (msid, runid, name, state, version, service_ip, service_port, removed) VALUES
  (90520733, 1, 'mgmt1.example.org', 'Up', '4.2.1', '10.1.0.11', 9090, NULL),
  (90520734, 1, 'mgmt2.example.org', 'Down', '4.2.1', '10.1.0.12', 9090, NULL),
  (90520700, 1, 'mgmt-old.example.org', 'Down', '4.0.2', '10.1.0.9', 9090, '2013-06-01 00:00:00');

CREATE TABLE cluster (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(255),
  uuid varchar(40),
  guid varchar(255),
  pod_id bigint unsigned NOT NULL,
  data_center_id bigint unsigned NOT NULL,
  hypervisor_type varchar(32),
  cluster_type varchar(64) DEFAULT 'CloudManaged',
  allocation_state varchar(32) NOT NULL DEFAULT 'Enabled',
  managed_state varchar(32) NOT NULL DEFAULT 'Managed',
  removed datetime,
  PRIMARY KEY (id)
);
INSERT INTO cluster (id, name, uuid, pod_id, data_center_id, hypervisor_type, removed) VALUES
  (1, 'kvm-cluster', 'c1', 1, 1, 'KVM', NULL),
  (2, 'xen-pool', 'c2', 2, 2, 'XenServer', NULL),
  (3, 'vmw-cluster', 'c3', 2, 2, 'VMware', NULL),
  (4, 'vmw-retired', 'c4', 2, 2, 'VMware', '2013-05-01 00:00:00');

CREATE TABLE cluster_details (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  cluster_id bigint unsigned NOT NULL,
  name varchar(255) NOT NULL,
  value varchar(255) NOT NULL,
  PRIMARY KEY (id)
);
INSERT INTO cluster_details (id, cluster_id, name, value) VALUES
  (1, 3, 'url', 'http://vcenter.example.org/dc1/vmw-cluster'),
  (2, 3, 'username', 'administrator@vsphere.local'),
  (3, 3, 'password', 'vCenter-S3cret!'),
  (4, 2, 'password', 'xen-pool-password'),
  (5, 4, 'password', 'old-vCenter-pw'),
  (6, 1, 'cpuOvercommitRatio', '1');

CREATE TABLE host (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL,
  uuid varchar(40),
  status varchar(32) NOT NULL,
  type varchar(32) NOT NULL,
  private_ip_address char(40) NOT NULL,
  pod_id bigint unsigned,
  data_center_id bigint unsigned NOT NULL,
  cluster_id bigint unsigned,
  hypervisor_type varchar(32),
  resource_state varchar(32) NOT NULL DEFAULT 'Enabled',
  mgmt_server_id bigint unsigned,
  version varchar(40),
  storage_url varchar(255),
  removed datetime,
  PRIMARY KEY (id)
);
INSERT INTO host (id, name, uuid, status, type, private_ip_address, pod_id, data_center_id,
    cluster_id, hypervisor_type, resource_state, mgmt_server_id, version, storage_url, removed) VALUES
  (1, 'kvm01', 'h1', 'Up', 'Routing', '10.1.1.21', 1, 1, 1, 'KVM', 'Enabled', 90520733, '4.1.1', NULL, NULL),
  (2, 'kvm02', 'h2', 'Disconnected', 'Routing', '10.1.1.22', 1, 1, 1, 'KVM', 'Enabled', NULL, '4.1.1', NULL, NULL),
  (3, 'xen01', 'h3', 'Up', 'Routing', '10.2.1.21', 2, 2, 2, 'XenServer', 'Enabled', 90520733, '4.1.1', NULL, NULL),
  (4, 'esx01', 'h4', 'Up', 'Routing', '10.2.1.31', 2, 2, 3, 'VMware', 'Maintenance', 90520733, '4.1.1', NULL, NULL),
  (5, 'kvm-gone', 'h5', 'Removed', 'Routing', '10.2.1.41', 2, 2, NULL, 'KVM', 'Enabled', NULL, '4.0.2', NULL, '2013-05-01 00:00:00'),
  (6, 'nfs://10.1.0.50/secondary', 'h6', 'Up', 'SecondaryStorage', 'nfs', NULL, 1, NULL, 'None', 'Enabled', NULL, '4.1.1', 'nfs://10.1.0.50/secondary', NULL),
  (7, 'nfs://10.2.0.50/secondary', 'h7', 'Up', 'SecondaryStorage', 'nfs', NULL, 2, NULL, 'None', 'Enabled', NULL, '4.1.1', 'nfs://10.2.0.50/secondary', NULL),
  (8, 's-1-VM', 'h8', 'Up', 'SecondaryStorageVM', '10.1.1.101', 1, 1, NULL, NULL, 'Enabled', 90520733, '4.1.1', NULL, NULL),
  (9, 'v-2-VM', 'h9', 'Up', 'ConsoleProxy', '10.1.1.102', 1, 1, NULL, NULL, 'Enabled', 90520733, '4.1.1', NULL, NULL);

CREATE TABLE vm_template (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  unique_name varchar(255) NOT NULL,
  name varchar(255) NOT NULL,
  uuid varchar(40),
  type varchar(32),
  url varchar(255),
  format varchar(32) NOT NULL,
  hypervisor_type varchar(32),
  state varchar(255),
  removed datetime,
  PRIMARY KEY (id)
);
INSERT INTO vm_template (id, unique_name, name, type, url, format, hypervisor_type, state, removed) VALUES
  (1, 'routing-1', 'SystemVM Template (XenServer)', 'SYSTEM', 'http://download.example.org/systemvm-xen-4.0.vhd.bz2', 'VHD', 'XenServer', 'Active', NULL),
  (3, 'routing-3', 'SystemVM Template (KVM)', 'SYSTEM', 'http://download.example.org/systemvm-kvm-4.0.qcow2.bz2', 'QCOW2', 'KVM', 'Active', NULL),
  (201, 'u201', 'systemvm-kvm-4.3', 'USER', 'http://download.example.org/systemvm64template-4.3-kvm.qcow2.bz2', 'QCOW2', 'KVM', 'Active', NULL),
  (202, 'u202', 'systemvm-xenserver-4.3', 'USER', 'http://download.example.org/systemvm64template-4.3-xen.vhd.bz2', 'VHD', 'XenServer', 'Active', NULL),
  (203, 'u203', 'systemvm-vmware-4.3', 'USER', 'http://download.example.org/systemvm64template-4.3-vmware.ova', 'OVA', 'VMware', 'Active', NULL),
  (204, 'u204', 'systemvm-kvm-4.3', 'USER', 'http://download.example.org/typo.qcow2.bz2', 'QCOW2', 'KVM', 'Inactive', '2013-12-01 00:00:00'),
  (205, 'u205', 'systemvm-kvm-4.3', 'USER', 'http://download.example.org/wrong-format.vhd', 'VHD', 'KVM', 'Active', NULL);

CREATE TABLE template_host_ref (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  host_id bigint unsigned NOT NULL,
  template_id bigint unsigned NOT NULL,
  download_pct int unsigned,
  download_state varchar(255),
  install_path varchar(255),
  PRIMARY KEY (id)
);
-- stale since 4.2: all DOWNLOADED here, which must not be believed
INSERT INTO template_host_ref (host_id, template_id, download_pct, download_state, install_path) VALUES
  (6, 201, 100, 'DOWNLOADED', 'template/tmpl/2/201/a.qcow2'),
  (7, 202, 100, 'DOWNLOADED', 'template/tmpl/2/202/a.vhd'),
  (7, 203, 100, 'DOWNLOADED', 'template/tmpl/2/203/a.ova'),
  (7, 204, 100, 'DOWNLOADED', 'template/tmpl/2/204/a.qcow2'),
  (7, 205, 100, 'DOWNLOADED', 'template/tmpl/2/205/a.vhd');

CREATE TABLE image_store (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL,
  uuid varchar(255),
  protocol varchar(255) NOT NULL,
  url varchar(255) NOT NULL,
  image_provider_name varchar(255) NOT NULL,
  data_center_id bigint unsigned,
  scope varchar(255),
  role varchar(255),
  parent varchar(255),
  created datetime,
  removed datetime,
  PRIMARY KEY (id)
);
INSERT INTO image_store (id, name, uuid, protocol, url, image_provider_name, data_center_id, scope, role, removed) VALUES
  (1, 'nfs://10.1.0.50/secondary', 's1', 'nfs', 'nfs://10.1.0.50/secondary', 'NFS', 1, 'ZONE', 'Image', NULL),
  (2, 'nfs://10.2.0.50/secondary', 's2', 'nfs', 'nfs://10.2.0.50/secondary', 'NFS', 2, 'ZONE', 'Image', NULL),
  (3, 'staging zone 2', 's3', 'nfs', 'nfs://10.2.0.51/cache', 'NFS', 2, 'ZONE', 'ImageCache', NULL),
  (4, 'nfs://10.2.0.49/old', 's4', 'nfs', 'nfs://10.2.0.49/old', 'NFS', 2, 'ZONE', 'Image', '2013-11-01 00:00:00');

CREATE TABLE template_store_ref (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  store_id bigint unsigned,
  template_id bigint unsigned NOT NULL,
  store_role varchar(255),
  download_pct int unsigned,
  download_state varchar(255),
  install_path varchar(255),
  state varchar(255) NOT NULL,
  destroyed tinyint(1) DEFAULT 0,
  PRIMARY KEY (id)
);
-- zone 1: KVM READY; zone 2: XenServer READY, VMware DOWNLOADED but still Allocated (not READY;
-- its staging copy in the ImageCache store and its copy in a removed store do not count)
INSERT INTO template_store_ref (store_id, template_id, store_role, download_pct, download_state, install_path, state) VALUES
  (1, 201, 'Image', 100, 'DOWNLOADED', 'template/tmpl/2/201/a.qcow2', 'Ready'),
  (2, 202, 'Image', 100, 'DOWNLOADED', 'template/tmpl/2/202/a.vhd', 'Ready'),
  (2, 203, 'Image', 100, 'DOWNLOADED', 'template/tmpl/2/203/a.ova', 'Allocated'),
  (3, 203, 'ImageCache', 100, 'DOWNLOADED', 'template/tmpl/2/203/a.ova', 'Ready'),
  (4, 203, 'Image', 100, 'DOWNLOADED', 'template/tmpl/2/203/a.ova', 'Ready'),
  (2, 205, 'Image', 100, 'DOWNLOADED', 'template/tmpl/2/205/a.vhd', 'Ready');

CREATE TABLE vmware_data_center (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  uuid varchar(255),
  name varchar(255) NOT NULL,
  guid varchar(255) NOT NULL,
  vcenter_host varchar(255) NOT NULL,
  username varchar(255) NOT NULL,
  password varchar(255) NOT NULL,
  PRIMARY KEY (id)
);
INSERT INTO vmware_data_center (id, uuid, name, guid, vcenter_host, username, password) VALUES
  (1, 'd1', 'dc1', 'dc1@vcenter.example.org', 'vcenter.example.org', 'administrator@vsphere.local', 'vCenter-S3cret!');

CREATE TABLE storage_pool (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(255),
  uuid varchar(255),
  pool_type varchar(32) NOT NULL,
  port int unsigned NOT NULL,
  data_center_id bigint unsigned NOT NULL,
  host_address varchar(255) NOT NULL,
  path varchar(255) NOT NULL,
  removed datetime,
  PRIMARY KEY (id)
);
INSERT INTO storage_pool (id, name, uuid, pool_type, port, data_center_id, host_address, path, removed) VALUES
  (1, 'kvm01 Local Storage', 'p1', 'Filesystem', 0, 1, '10.1.1.21', '/var/lib/libvirt/images/', NULL),
  (2, 'kvm02 Local Storage', 'p2', 'Filesystem', 0, 1, '10.1.1.22', '/var/lib/libvirt/images', NULL),
  (3, 'primary-nfs', 'p3', 'NetworkFilesystem', 2049, 1, '10.1.0.60', '/export/primary/', NULL),
  (4, 'old Local Storage', 'p4', 'Filesystem', 0, 2, '10.2.1.41', '/mnt//', '2013-05-01 00:00:00'),
  (5, 'kvm03 Local Storage', 'p5', 'Filesystem', 0, 1, '10.1.1.23', '/data/local//', NULL);

CREATE TABLE configuration (
  category varchar(255) NOT NULL DEFAULT 'Advanced',
  instance varchar(255) NOT NULL,
  component varchar(255) NOT NULL DEFAULT 'management-server',
  name varchar(255) NOT NULL,
  value varchar(4095),
  description varchar(1024),
  PRIMARY KEY (name)
);
INSERT INTO configuration (category, instance, component, name, value, description) VALUES
  ('Advanced', 'DEFAULT', 'management-server', 'integration.api.port', NULL, 'Default API port'),
  ('Advanced', 'DEFAULT', 'management-server', 'host', '10.1.0.11', 'The ip address of management server');

CREATE TABLE vm_instance (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL,
  uuid varchar(40),
  instance_name varchar(255) NOT NULL,
  state varchar(32) NOT NULL,
  type varchar(32) NOT NULL,
  host_id bigint unsigned,
  data_center_id bigint unsigned NOT NULL,
  removed datetime,
  PRIMARY KEY (id)
);
INSERT INTO vm_instance (id, name, uuid, instance_name, state, type, host_id, data_center_id, removed) VALUES
  (1, 's-1-VM', 'v1', 's-1-VM', 'Running', 'SecondaryStorageVm', 1, 1, NULL),
  (2, 'v-2-VM', 'v2', 'v-2-VM', 'Running', 'ConsoleProxy', 1, 1, NULL),
  (3, 'r-3-VM', 'v3', 'r-3-VM', 'Running', 'DomainRouter', 3, 2, NULL),
  (4, 'r-4-VM', 'v4', 'r-4-VM', 'Stopped', 'DomainRouter', NULL, 2, NULL),
  (5, 'r-5-VM', 'v5', 'r-5-VM', 'Running', 'DomainRouter', 3, 2, '2013-07-01 00:00:00'),
  (6, 'i-2-6-VM', 'v6', 'i-2-6-VM', 'Running', 'User', 4, 2, NULL),
  (7, 's-7-VM', 'v7', 's-7-VM', 'Running', 'SecondaryStorageVm', 3, 2, NULL),
  (8, 'r-8-VM', 'v8', 'r-8-VM', 'Running', 'DomainRouter', 1, 1, NULL);
