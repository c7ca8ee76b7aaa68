package org.upgradeflow.clouddb;

import org.upgradeflow.environment.Secret;

/**
 * A stored VMware password: {@code cluster_details} row {@code password} of a VMware cluster, or
 * a {@code vmware_data_center} row (4.2+). The value is plaintext or ciphertext, both secret, so
 * it is held as a {@link Secret} and masked in every rendering.
 *
 * @param id    primary key in its table
 * @param owner cluster id (cluster_details) or data center name (vmware_data_center), for logs
 */
public record VmwarePasswordRow(Source source, long id, String owner, Secret value) {

  /** Where the row lives. */
  public enum Source {
    CLUSTER_DETAILS("cluster_details", "value"),
    VMWARE_DATA_CENTER("vmware_data_center", "password");

    private final String table;
    private final String column;

    Source(String table, String column) {
      this.table = table;
      this.column = column;
    }

    public String table() {
      return table;
    }

    String column() {
      return column;
    }
  }

  /** For logs and evidence: which row, never its value. */
  public String describe() {
    return source.table() + " id " + id + " (" + owner + ")";
  }
}
