package org.upgradeflow.clouddb;

import org.springframework.stereotype.Component;
import org.upgradeflow.environment.DatabaseEndpoint;
import org.upgradeflow.environment.Environment;

/** Creates the {@link CloudDatabase} of an environment, with timeouts from configuration. */
@Component
public class CloudDatabases {

  private final CloudDbProperties properties;

  public CloudDatabases(CloudDbProperties properties) {
    this.properties = properties;
  }

  /** The environment's {@code cloud} database. Connects lazily, on the first call. */
  public CloudDatabase forEnvironment(Environment environment) {
    DatabaseEndpoint endpoint = environment.database();
    if (endpoint == null) {
      throw new IllegalArgumentException("environment " + environment.id()
          + " has no database endpoint");
    }
    return forEndpoint(endpoint);
  }

  CloudDatabase forEndpoint(DatabaseEndpoint endpoint) {
    return new JdbcCloudDatabase(new CloudDbConnector(endpoint, properties));
  }

  CloudDatabase forEndpoint(DatabaseEndpoint endpoint, String schema) {
    return new JdbcCloudDatabase(new CloudDbConnector(endpoint, properties.withDatabase(schema)));
  }
}
