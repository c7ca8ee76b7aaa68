package org.upgradeflow.clouddb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The template gate's rule: every zone needs a READY 4.3 system VM template for every hypervisor
 * its hosts use, or the 4.2.1 -> 4.3.0 database upgrade fails with "4.3.0 &lt;hypervisor&gt;
 * SystemVm template not found".
 */
public final class TemplateReadiness {

  /** A zone without a READY template for a hypervisor it uses. */
  public record Missing(long zoneId, SystemVmTemplate template) {
  }

  private TemplateReadiness() {
  }

  /**
   * What is missing; empty means the gate may pass. A hypervisor without a 4.3 system VM
   * template (e.g. LXC, BareMetal) needs none.
   *
   * @param downloads template downloads; a row without a zone (region-wide store) serves every
   *                  zone
   */
  public static List<Missing> missing(Map<Long, Set<String>> hypervisorsInUse,
      List<TemplateDownload> downloads) {
    List<Missing> missing = new ArrayList<>();
    hypervisorsInUse.forEach((zoneId, hypervisors) -> {
      for (String hypervisor : hypervisors) {
        Optional<SystemVmTemplate> template = SystemVmTemplate.forHypervisor(hypervisor);
        if (template.isEmpty()) {
          continue;
        }
        boolean ready = downloads.stream().anyMatch(d -> d.ready()
            && d.template() == template.get()
            && (d.zoneId() == null || d.zoneId().equals(zoneId)));
        if (!ready) {
          missing.add(new Missing(zoneId, template.get()));
        }
      }
    });
    return List.copyOf(missing);
  }
}
