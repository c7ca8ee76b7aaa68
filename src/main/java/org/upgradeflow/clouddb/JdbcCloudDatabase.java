package org.upgradeflow.clouddb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.upgradeflow.environment.Secret;

/** {@link CloudDatabase} over JDBC: prepared statements only, one connection per call. */
final class JdbcCloudDatabase implements CloudDatabase {

  private static final Logger log = LoggerFactory.getLogger(JdbcCloudDatabase.class);

  static final String INTEGRATION_API_PORT = "integration.api.port";

  private final CloudDbConnector connector;

  JdbcCloudDatabase(CloudDbConnector connector) {
    this.connector = connector;
  }

  @Override
  public Optional<String> currentVersion() {
    return query("read the current version", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT version FROM version WHERE step = ? ORDER BY id DESC LIMIT 1")) {
        ps.setString(1, "Complete");
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1).trim()) : Optional.empty();
        }
      }
    });
  }

  @Override
  public long dataSizeBytes() {
    return query("read the database size", c -> {
      // CloudStack names its usage database after the main one: cloud -> cloud_usage
      try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(data_length + index_length), 0)"
          + " FROM information_schema.tables WHERE table_schema IN (DATABASE(), CONCAT(DATABASE(), ?))")) {
        ps.setString(1, "_usage");
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  @Override
  public List<ManagementServer> managementServers() {
    return query("read management servers", c -> {
      List<ManagementServer> result = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT msid, name, state, version, service_ip FROM mshost"
              + " WHERE removed IS NULL ORDER BY msid");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new ManagementServer(rs.getLong(1), rs.getString(2), rs.getString(3),
              rs.getString(4), rs.getString(5)));
        }
      }
      return List.copyOf(result);
    });
  }

  @Override
  public List<HypervisorHost> hypervisorHosts() {
    return query("read hypervisor hosts", c -> {
      List<HypervisorHost> result = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name, uuid, status, hypervisor_type, private_ip_address, cluster_id,"
              + " data_center_id, resource_state, version FROM host"
              + " WHERE type = ? AND removed IS NULL ORDER BY id")) {
        ps.setString(1, "Routing");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(new HypervisorHost(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), nullableLong(rs, 7),
                rs.getLong(8), rs.getString(9), rs.getString(10)));
          }
        }
      }
      return List.copyOf(result);
    });
  }

  @Override
  public Map<Long, Set<String>> hypervisorsInUse() {
    Map<Long, Set<String>> result = new TreeMap<>();
    for (HypervisorHost host : hypervisorHosts()) {
      if (host.hypervisorType() != null && !"None".equals(host.hypervisorType())) {
        result.computeIfAbsent(host.zoneId(), z -> new TreeSet<>()).add(host.hypervisorType());
      }
    }
    result.replaceAll((zone, types) -> Collections.unmodifiableSet(types));
    return Collections.unmodifiableMap(result);
  }

  @Override
  public List<TemplateDownload> systemVmTemplates() {
    return query("read system VM template downloads", c -> {
      // the table, not the version, decides: a half-upgraded database may say either
      boolean storeRef = tableExists(c, "template_store_ref");
      String sql = storeRef
          ? "SELECT t.id, t.name, t.hypervisor_type, t.format, s.data_center_id,"
              + " r.download_state, r.state, r.download_pct"
              + " FROM vm_template t"
              + " JOIN template_store_ref r ON r.template_id = t.id"
              + " JOIN image_store s ON s.id = r.store_id"
              + " WHERE t.removed IS NULL AND s.removed IS NULL AND r.store_role = ?"
              + " AND t.name IN (?, ?, ?, ?) ORDER BY t.id, s.data_center_id"
          : "SELECT t.id, t.name, t.hypervisor_type, t.format, h.data_center_id,"
              + " r.download_state, NULL, r.download_pct"
              + " FROM vm_template t"
              + " JOIN template_host_ref r ON r.template_id = t.id"
              + " JOIN host h ON h.id = r.host_id"
              + " WHERE t.removed IS NULL AND h.removed IS NULL AND h.type = ?"
              + " AND t.name IN (?, ?, ?, ?) ORDER BY t.id, h.data_center_id";
      List<TemplateDownload> result = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        // Image, not ImageCache: a staging copy does not make a template usable in a zone
        ps.setString(i++, storeRef ? "Image" : "SecondaryStorage");
        for (SystemVmTemplate t : SystemVmTemplate.values()) {
          ps.setString(i++, t.templateName());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Optional<SystemVmTemplate> template =
                SystemVmTemplate.matching(rs.getString(2), rs.getString(3), rs.getString(4));
            if (template.isEmpty()) {
              continue; // right name, wrong hypervisor or format: not the template 4.3 looks for
            }
            String downloadState = rs.getString(6);
            String state = rs.getString(7);
            boolean ready = "DOWNLOADED".equals(downloadState)
                && (!storeRef || "Ready".equals(state));
            result.add(new TemplateDownload(template.get(), rs.getLong(1), nullableLong(rs, 5),
                downloadState, state, nullableInt(rs, 8), ready));
          }
        }
      }
      return List.copyOf(result);
    });
  }

  @Override
  public List<StoragePool> localStoragePoolsWithTrailingSlash() {
    return query("read local storage pools", c -> {
      List<StoragePool> result = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name, path, pool_type FROM storage_pool"
              + " WHERE pool_type = ? AND removed IS NULL AND path LIKE ? ORDER BY id")) {
        ps.setString(1, "Filesystem");
        ps.setString(2, "%/");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            StoragePool pool =
                new StoragePool(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
            if (pool.needsPathFix()) {
              result.add(pool);
            }
          }
        }
      }
      return List.copyOf(result);
    });
  }

  @Override
  public List<VmwarePasswordRow> vmwarePasswordRows() {
    return query("read VMware password rows", c -> {
      List<VmwarePasswordRow> result = new ArrayList<>();
      // removed clusters included on purpose: a plaintext password at rest is a finding
      // whether or not the cluster is still in use
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT d.id, d.cluster_id, d.value FROM cluster_details d"
              + " JOIN cluster c ON c.id = d.cluster_id"
              + " WHERE c.hypervisor_type = ? AND d.name = ? ORDER BY d.id")) {
        ps.setString(1, "VMware");
        ps.setString(2, "password");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(new VmwarePasswordRow(VmwarePasswordRow.Source.CLUSTER_DETAILS,
                rs.getLong(1), "cluster " + rs.getLong(2), secret(rs.getString(3))));
          }
        }
      }
      if (tableExists(c, "vmware_data_center")) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id, name, password FROM vmware_data_center ORDER BY id");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(new VmwarePasswordRow(VmwarePasswordRow.Source.VMWARE_DATA_CENTER,
                rs.getLong(1), "data center " + rs.getString(2), secret(rs.getString(3))));
          }
        }
      }
      return List.copyOf(result);
    });
  }

  @Override
  public Optional<Integer> integrationApiPort() {
    return query("read " + INTEGRATION_API_PORT, c -> {
      Optional<String> value = configurationValue(c, INTEGRATION_API_PORT, false);
      return value.map(String::trim).filter(v -> !v.isEmpty()).map(v -> parsePort(v));
    });
  }

  @Override
  public Map<SystemVmType, List<SystemVm>> runningSystemVms() {
    return query("read running system VMs", c -> {
      Map<SystemVmType, List<SystemVm>> result = new EnumMap<>(SystemVmType.class);
      for (SystemVmType type : SystemVmType.values()) {
        result.put(type, new ArrayList<>());
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name, type, host_id, data_center_id FROM vm_instance"
              + " WHERE state = ? AND removed IS NULL AND type IN (?, ?, ?) ORDER BY id")) {
        int i = 1;
        ps.setString(i++, "Running");
        for (SystemVmType type : SystemVmType.values()) {
          ps.setString(i++, type.name());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            SystemVmType type = SystemVmType.valueOf(rs.getString(3));
            result.get(type).add(new SystemVm(rs.getLong(1), rs.getString(2), type,
                nullableLong(rs, 4), rs.getLong(5)));
          }
        }
      }
      result.replaceAll((type, vms) -> List.copyOf(vms));
      return Collections.unmodifiableMap(result);
    });
  }

  @Override
  public boolean fixStoragePoolPath(long poolId) {
    return transaction("fix the path of storage pool " + poolId, c -> {
      StoragePool pool;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, name, path, pool_type FROM storage_pool"
              + " WHERE id = ? AND removed IS NULL FOR UPDATE")) {
        ps.setLong(1, poolId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new CloudDatabaseException("storage pool " + poolId
                + " does not exist or is removed in " + connector.describe());
          }
          pool = new StoragePool(rs.getLong(1), rs.getString(2), rs.getString(3),
              rs.getString(4));
        }
      }
      if (!"Filesystem".equals(pool.poolType())) {
        // the trailing-slash rule is about KVM local storage; other pool types keep their paths
        throw new CloudDatabaseException("storage pool " + poolId + " is " + pool.poolType()
            + ", not Filesystem (KVM local storage); its path is left alone");
      }
      if (!pool.needsPathFix()) {
        log.info("Storage pool {} ({}) path {} is already without trailing slash", poolId,
            pool.name(), pool.path());
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE storage_pool SET path = ? WHERE id = ?")) {
        ps.setString(1, pool.fixedPath());
        ps.setLong(2, poolId);
        ps.executeUpdate();
      }
      log.info("Storage pool {} ({}) path changed from {} to {} in {}", poolId, pool.name(),
          pool.path(), pool.fixedPath(), connector.describe());
      return true;
    });
  }

  @Override
  public boolean setVmwarePassword(VmwarePasswordRow row, String ciphertext) {
    VmwarePasswordRow.Source source = row.source();
    // table and column come from the enum, never from input
    String table = source.table();
    String column = source.column();
    return transaction("set the VMware password of " + row.describe(), c -> {
      String current;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + column + " FROM " + table + " WHERE id = ? FOR UPDATE")) {
        ps.setLong(1, row.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new CloudDatabaseException(row.describe() + " does not exist in "
                + connector.describe());
          }
          current = rs.getString(1);
        }
      }
      // compared in Java, byte for byte: SQL '=' under a case-insensitive collation would
      // call two base64 strings equal that differ in case
      if (ciphertext.equals(current)) {
        log.info("VMware password of {} already holds the given ciphertext", row.describe());
        return false;
      }
      // compare-and-set against what the caller read: a second run of the same job (a Camunda
      // lock that expired) must not encrypt a value the first run has just encrypted
      if (!row.value().reveal().equals(current == null ? "" : current)) {
        throw new CloudDatabaseException("VMware password of " + row.describe()
            + " changed since it was read; read the rows again");
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE " + table + " SET " + column + " = ? WHERE id = ?")) {
        ps.setString(1, ciphertext);
        ps.setLong(2, row.id());
        ps.executeUpdate();
      }
      log.info("VMware password of {} replaced with a ciphertext in {}", row.describe(),
          connector.describe());
      return true;
    });
  }

  @Override
  public boolean setIntegrationApiPort(Integer port) {
    if (port != null && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    String wanted = port == null ? null : port.toString();
    return transaction("set " + INTEGRATION_API_PORT, c -> {
      Optional<String> current = configurationValue(c, INTEGRATION_API_PORT, true);
      String currentValue = current.orElse(null);
      boolean same = wanted == null
          ? currentValue == null || currentValue.isBlank()
          : wanted.equals(currentValue == null ? null : currentValue.trim());
      if (same) {
        log.info("{} is already {}", INTEGRATION_API_PORT, wanted == null ? "NULL" : wanted);
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE configuration SET value = ? WHERE name = ?")) {
        ps.setString(1, wanted);
        ps.setString(2, INTEGRATION_API_PORT);
        ps.executeUpdate();
      }
      log.info("{} changed from {} to {} in {} (takes effect after a management server restart)",
          INTEGRATION_API_PORT, currentValue == null ? "NULL" : currentValue,
          wanted == null ? "NULL" : wanted, connector.describe());
      return true;
    });
  }

  @Override
  public String toString() {
    return "JdbcCloudDatabase[" + connector + "]";
  }

  // --- helpers

  /** The value of a configuration row; the row itself must exist (CloudStack seeds it). */
  private Optional<String> configurationValue(Connection c, String name, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT value FROM configuration WHERE name = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new CloudDatabaseException("configuration row " + name + " is missing in "
              + connector.describe() + "; CloudStack creates it at installation");
        }
        return Optional.ofNullable(rs.getString(1));
      }
    }
  }

  private Integer parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CloudDatabaseException(INTEGRATION_API_PORT + " holds '" + value
        + "', which is not a port number, in " + connector.describe());
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT COUNT(*) FROM information_schema.tables"
            + " WHERE table_schema = DATABASE() AND table_name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private static Secret secret(String value) {
    return Secret.of(value == null ? "" : value);
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private <T> T query(String what, SqlWork<T> work) {
    try (Connection c = connector.open()) {
      c.setReadOnly(true);
      return work.run(c);
    } catch (SQLException e) {
      throw connector.failure("cannot " + what, e);
    }
  }

  private <T> T transaction(String what, SqlWork<T> work) {
    try (Connection c = connector.open()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw connector.failure("cannot " + what, e);
    }
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }
}
