package org.upgradeflow.cloudstack;

import java.util.List;
import java.util.Optional;
import org.upgradeflow.clouddb.HypervisorHost;
import org.upgradeflow.environment.Host;

/**
 * A KVM host of the inventory and its {@code host} row, which says whether the management server
 * sees the agent. Matched by name (the agent registers with the host's name, as the inventory and
 * the lab name it); failing that by {@code private_ip_address} equal to the inventory address, for
 * an inventory that names a host differently from its hostname (FQDN, alias) but reaches it at the
 * address the agent registered from; failing that by the short name, case aside ({@code kvm1} and
 * {@code KVM1.example.org}), where the inventory's address is a name as well.
 */
final class KvmHostRows {

  /** The status shown when no row matches. */
  static final String NO_ROW = "missing";

  private KvmHostRows() {
  }

  static Optional<HypervisorHost> rowOf(List<HypervisorHost> rows, Host host) {
    Optional<HypervisorHost> byName = rows.stream().filter(r -> host.name().equals(r.name())).findFirst();
    if (byName.isPresent()) {
      return byName;
    }
    Optional<HypervisorHost> byAddress = rows.stream()
        .filter(r -> r.privateIpAddress() != null && r.privateIpAddress().equals(host.address())).findFirst();
    if (byAddress.isPresent()) {
      return byAddress;
    }
    return rows.stream().filter(r -> r.name() != null && shortName(r.name()).equalsIgnoreCase(shortName(host.name())))
        .findFirst();
  }

  private static String shortName(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** The row's status (Up, Disconnected, Alert, ...), or {@link #NO_ROW}. */
  static String statusOf(List<HypervisorHost> rows, Host host) {
    return rowOf(rows, host).map(HypervisorHost::status).orElse(NO_ROW);
  }
}
