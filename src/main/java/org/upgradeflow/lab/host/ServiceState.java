package org.upgradeflow.lab.host;

/** A service on a lab host: whether it runs now and whether it starts at boot. */
public record ServiceState(boolean running, boolean enabled) {

  public ServiceState withRunning(boolean running) {
    return new ServiceState(running, enabled);
  }

  public ServiceState withEnabled(boolean enabled) {
    return new ServiceState(running, enabled);
  }
}
