package org.upgradeflow.remote;

/**
 * One look at a host: can we log in, and which boot is it in. A changed boot id proves a reboot
 * even when the down time fell between two probes.
 *
 * @param bootId {@code /proc/sys/kernel/random/boot_id}, or null when unreachable or unknown
 * @param detail why it is unreachable, for logs (no secrets)
 */
public record HostProbe(boolean reachable, String bootId, String detail) {
}
