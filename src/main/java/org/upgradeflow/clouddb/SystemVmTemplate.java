package org.upgradeflow.clouddb;

import java.util.Arrays;
import java.util.Optional;

/** The 4.3 system VM templates that must be registered and READY before the upgrade. */
public enum SystemVmTemplate {
  XENSERVER("systemvm-xenserver-4.3", "XenServer", "VHD"),
  KVM("systemvm-kvm-4.3", "KVM", "QCOW2"),
  VMWARE("systemvm-vmware-4.3", "VMware", "OVA"),
  HYPERV("systemvm-hyperv-4.3", "Hyperv", "VHD");

  private final String templateName;
  private final String hypervisorType;
  private final String format;

  SystemVmTemplate(String templateName, String hypervisorType, String format) {
    this.templateName = templateName;
    this.hypervisorType = hypervisorType;
    this.format = format;
  }

  public String templateName() {
    return templateName;
  }

  public String hypervisorType() {
    return hypervisorType;
  }

  public String format() {
    return format;
  }

  public static Optional<SystemVmTemplate> forHypervisor(String hypervisorType) {
    return Arrays.stream(values()).filter(t -> t.hypervisorType.equals(hypervisorType))
        .findFirst();
  }

  /** A vm_template row is this template only if name, hypervisor and format all match. */
  static Optional<SystemVmTemplate> matching(String name, String hypervisorType, String format) {
    return Arrays.stream(values())
        .filter(t -> t.templateName.equals(name) && t.hypervisorType.equals(hypervisorType)
            && t.format.equals(format))
        .findFirst();
  }
}
