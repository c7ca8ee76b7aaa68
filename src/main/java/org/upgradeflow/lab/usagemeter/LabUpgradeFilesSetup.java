package org.upgradeflow.lab.usagemeter;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** With the lab, the Usage Meter upgrade files are made in {@code upgradeflow.usage-meter.artifacts} once. */
@Component
@Profile("lab")
class LabUpgradeFilesSetup {

  private static final Logger log = LoggerFactory.getLogger(LabUpgradeFilesSetup.class);

  private final Path directory;

  LabUpgradeFilesSetup(@Value("${upgradeflow.usage-meter.artifacts:}") Path directory) {
    this.directory = directory;
  }

  @EventListener(ApplicationReadyEvent.class)
  void create() {
    if (directory == null || directory.toString().isEmpty()) {
      return;
    }
    try {
      LabUpgradeFiles.create(directory);
      log.info("Lab Usage Meter upgrade files in {}", directory.toAbsolutePath());
    } catch (Exception e) {
      // without openssl the lab still runs; Usage Meter runs then end refused, naming the missing file
      log.warn("Lab Usage Meter upgrade files could not be made in {}: {}", directory, e.getMessage());
    }
  }
}
