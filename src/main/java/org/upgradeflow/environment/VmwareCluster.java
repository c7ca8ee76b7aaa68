package org.upgradeflow.environment;

/** A VMware cluster managed by CloudStack; its vCenter password is what the database rows must decrypt to. */
public record VmwareCluster(String name, String vcenterHost, String username, Secret password) {
}
