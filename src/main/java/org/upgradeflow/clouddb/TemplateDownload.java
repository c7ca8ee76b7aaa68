package org.upgradeflow.clouddb;

/**
 * Download state of one 4.3 system VM template in one zone, from {@code template_store_ref}
 * (4.2+) or {@code template_host_ref} (before 4.2).
 *
 * @param zoneId        zone of the secondary storage; null for a region-wide image store
 * @param state         {@code template_store_ref.state} (4.2+); null before 4.2
 * @param ready         what the UI shows as READY: DOWNLOADED (and on 4.2+ state Ready)
 */
public record TemplateDownload(SystemVmTemplate template, long templateId, Long zoneId,
    String downloadState, String state, Integer downloadPercent, boolean ready) {
}
