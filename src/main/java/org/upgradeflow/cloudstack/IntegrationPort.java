package org.upgradeflow.cloudstack;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.Host;
import org.upgradeflow.environment.HostRole;

/**
 * {@code integration.api.port}: sysvmadm talks to the unauthenticated API on 8096, which a
 * management server opens only when the setting says so at its start. The run opens it, and
 * closes it again at the end when it was not open before. Management servers are restarted
 * stop-all-then-start-all with check-then-act, so a retried step does not restart twice.
 */
@Component
public class IntegrationPort {

  public static final int SYSVMADM_PORT = 8096;

  private static final Logger log = LoggerFactory.getLogger(IntegrationPort.class);

  private final CloudDatabases databases;
  private final HostServices services;

  IntegrationPort(CloudDatabases databases, HostServices services) {
    this.databases = databases;
    this.services = services;
  }

  public Optional<Integer> current(Environment env) {
    return databases.forEnvironment(env).integrationApiPort();
  }

  /** @return true when this call changed the setting */
  public boolean set(Environment env, Integer port) {
    boolean changed = databases.forEnvironment(env).setIntegrationApiPort(port);
    log.info("{}: integration.api.port {} {}", env.id(), changed ? "set to" : "already", port == null ? "NULL" : port);
    return changed;
  }

  /** Stops every management server that runs (the service name of {@code naming}). */
  public void stopManagementServers(Environment env, Naming naming) {
    for (Host h : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      services.ensureStopped(env, h.name(), naming.managementService());
    }
  }

  /** Starts every management server that does not run. */
  public void startManagementServers(Environment env, Naming naming) {
    for (Host h : env.hosts(HostRole.MANAGEMENT_SERVER)) {
      services.ensureRunning(env, h.name(), naming.managementService());
    }
  }
}
