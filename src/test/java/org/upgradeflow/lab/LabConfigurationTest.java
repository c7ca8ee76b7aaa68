package org.upgradeflow.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.upgradeflow.lab.host.LabHostFleet;

/** The lab exists only with the lab profile, and starts no hosts by itself. */
class LabConfigurationTest {

  @TempDir
  Path labDir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(LabConfiguration.class)
        .withPropertyValues("upgradeflow.lab.dir=" + labDir);
  }

  @Test
  void withoutTheLabProfileThereIsNoFleet() {
    runner().run(ctx -> assertThat(ctx).doesNotHaveBean(LabHostFleet.class));
  }

  @Test
  void withoutTheLabProfileThereAreNoEstates() {
    new ApplicationContextRunner()
        .withUserConfiguration(LabConfiguration.class, org.upgradeflow.lab.estate.LabEstatesConfigurationAccess.CONFIGURATION)
        .run(ctx -> assertThat(ctx).doesNotHaveBean(org.upgradeflow.lab.estate.LabEstates.class));
  }

  @Test
  void withTheLabProfileTheFleetIsEmptyAndTheClientKeyExists() {
    runner().withInitializer(ctx -> ctx.getEnvironment().setActiveProfiles("lab")).run(ctx -> {
      assertThat(ctx).hasSingleBean(LabHostFleet.class);
      assertThat(ctx.getBean(LabHostFleet.class).hosts()).isEmpty();
      assertThat(labDir.resolve("id_ed25519")).exists();
    });
  }
}
