package org.upgradeflow.cloudstack;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the KVM host fragment and the host-level steps around it, under
 * {@code upgradeflow.cloudstack}. The fragment's retry cycle and poll interval are the paths'
 * ({@code upgradeflow.cloudstack.paths.*}, {@link PathSettings}).
 *
 * @param maxParallelHosts default batch size of {@code CloudStackKvmHosts} when the run does
 *                         not set {@code maxParallelHosts}
 * @param vhdUtil          the local {@code vhd-util} file copied to management servers when
 *                         XenServer is in use; when unset, {@code vhd-util} in the environment's
 *                         {@code artifacts} directory
 * @param vhdUtilSha256    expected SHA-256 of that file (hex), checked before it is copied; when
 *                         unset, the file's own digest is verified on the target only
 * @param componentsXmlReference the stock {@code components.xml} of the estates' exact 4.0.x
 *                         release (from its cloud-client package), the reference of the
 *                         Gate_ComponentsXml evidence; when unset, UpgradeFlow's abridged 4.0
 *                         reference, and the evidence says so
 */
@ConfigurationProperties("upgradeflow.cloudstack")
public record KvmHostsProperties(
    Integer maxParallelHosts,
    Path vhdUtil,
    String vhdUtilSha256,
    Path componentsXmlReference) {

  public KvmHostsProperties {
    maxParallelHosts = maxParallelHosts != null ? maxParallelHosts : 5;
    if (maxParallelHosts < 1) {
      throw new IllegalArgumentException("upgradeflow.cloudstack.max-parallel-hosts: expected 1 or more, got "
          + maxParallelHosts);
    }
    if (vhdUtilSha256 != null && !vhdUtilSha256.isBlank() && !vhdUtilSha256.matches("^[0-9a-fA-F]{64}$")) {
      throw new IllegalArgumentException("upgradeflow.cloudstack.vhd-util-sha256: expected 64 hex digits");
    }
  }

  public static KvmHostsProperties defaults() {
    return new KvmHostsProperties(null, null, null, null);
  }
}
