package org.upgradeflow.lab.estate;

/** Lets tests outside the package name the package-private estate configuration. */
public final class LabEstatesConfigurationAccess {

  public static final Class<?> CONFIGURATION = LabEstateConfiguration.class;

  private LabEstatesConfigurationAccess() {
  }
}
