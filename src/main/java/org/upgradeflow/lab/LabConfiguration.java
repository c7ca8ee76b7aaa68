package org.upgradeflow.lab;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.upgradeflow.lab.host.LabHostFleet;

/**
 * The rehearsal lab's infrastructure, only with the {@code lab} profile. The fleet starts no
 * hosts by itself: the estates ({@code lab-cs-431}, …) start theirs and register them in the
 * environment registry. Closing the context stops every host.
 */
@Configuration(proxyBeanMethods = false)
@Profile("lab")
class LabConfiguration {

  @Bean(destroyMethod = "close")
  LabHostFleet labHostFleet(@Value("${upgradeflow.lab.dir:data/lab}") Path labDir) {
    return new LabHostFleet(labDir);
  }
}
