package org.upgradeflow.environment;

import java.util.List;

/** What the API shows of an environment: everything an operator needs, no secret at all. */
record EnvironmentView(String id, String product, String description, String repositoryUrl,
    DatabaseView database, List<HostView> hosts, List<XenServerPool> xenServerPools,
    List<VmwareView> vmwareClusters, List<String> zones) {

  record DatabaseView(String host, int port, String user) {
  }

  record HostView(String name, String address, int port, String role, String os, String sshUser,
      String authentication) {
  }

  record VmwareView(String name, String vcenterHost, String username) {
  }

  static EnvironmentView of(Environment e) {
    DatabaseEndpoint db = e.database();
    return new EnvironmentView(e.id(), e.product().name().toLowerCase(), e.description(), e.repositoryUrl(),
        db == null ? null : new DatabaseView(db.host(), db.port(), db.user()),
        e.hosts().stream().map(h -> new HostView(h.name(), h.address(), h.port(),
            h.role().name().toLowerCase(), h.os().name().toLowerCase(), h.ssh().user(),
            h.ssh().hasKey() ? "key" : "password")).toList(),
        e.xenServerPools(),
        e.vmwareClusters().stream().map(c -> new VmwareView(c.name(), c.vcenterHost(), c.username())).toList(),
        e.zones());
  }
}
