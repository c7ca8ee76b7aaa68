package org.upgradeflow.environment;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated estate from {@code config/environments/<id>.yaml}. Secrets inside are
 * {@link Secret}s: masked in every rendering.
 *
 * @param repositoryUrl base URL of the package repository the upgrade points hosts at
 * @param proxy         HTTP proxy for Usage Meter appliances, or null
 * @param artifacts     directory or URL holding upgrade artifacts (ISO, shar, vhd-util), or null
 * @param isoFromCdrom  Usage Meter: the ISO is connected as CD-ROM in vSphere (else uploaded)
 */
public record Environment(
    String id,
    Product product,
    String description,
    Path knownHosts,
    String repositoryUrl,
    DatabaseEndpoint database,
    List<Host> hosts,
    List<XenServerPool> xenServerPools,
    List<VmwareCluster> vmwareClusters,
    List<String> zones,
    String proxy,
    String artifacts,
    boolean isoFromCdrom) {

  public Environment {
    hosts = List.copyOf(hosts);
    xenServerPools = List.copyOf(xenServerPools);
    vmwareClusters = List.copyOf(vmwareClusters);
    zones = List.copyOf(zones);
  }

  /** The record's rendering with URL user info masked: proxy, repository and artifacts URLs may carry credentials. */
  @Override
  public String toString() {
    return "Environment[id=" + id + ", product=" + product + ", description=" + description
        + ", knownHosts=" + knownHosts + ", repositoryUrl=" + ProxyUrl.masked(repositoryUrl)
        + ", database=" + database + ", hosts=" + hosts + ", xenServerPools=" + xenServerPools
        + ", vmwareClusters=" + vmwareClusters + ", zones=" + zones + ", proxy=" + ProxyUrl.masked(proxy)
        + ", artifacts=" + ProxyUrl.masked(artifacts) + ", isoFromCdrom=" + isoFromCdrom + "]";
  }

  public List<Host> hosts(HostRole role) {
    return hosts.stream().filter(h -> h.role() == role).toList();
  }

  public Optional<Host> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }
}
