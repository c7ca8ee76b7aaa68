package org.upgradeflow.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The estates this service may upgrade: every valid {@code <id>.yaml} of the environments
 * directory, plus those the rehearsal lab registers. Files named {@code example-*} are
 * documentation and are not loaded. Invalid files are kept with their problems so the
 * operator can see them ({@code GET /api/environments/invalid}).
 */
@Component
public class EnvironmentRegistry {

  private static final Logger log = LoggerFactory.getLogger(EnvironmentRegistry.class);

  private final Map<String, Environment> environments = new ConcurrentSkipListMap<>();
  private final Map<String, InvalidEnvironmentException> invalid = new ConcurrentSkipListMap<>();
  private final EnvironmentFileReader reader;
  private final Path directory;

  EnvironmentRegistry(MasterCipher upgradeflowEncryptor,
      @Value("${upgradeflow.environments-dir:config/environments}") Path directory) {
    this.reader = new EnvironmentFileReader(upgradeflowEncryptor);
    this.directory = directory;
    reload();
  }

  /** Reads the directory again; environments registered by the lab stay. */
  public final synchronized void reload() {
    invalid.clear();
    if (!Files.isDirectory(directory)) {
      log.info("No environments directory at {}", directory.toAbsolutePath());
      return;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(directory)) {
      listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$"))
          .filter(p -> !p.getFileName().toString().startsWith("example-"))
          .sorted().forEach(files::add);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list environments directory " + directory + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      try {
        Environment environment = reader.read(file);
        environments.put(environment.id(), environment);
        log.info("Environment {} loaded from {} ({} hosts)", environment.id(), file, environment.hosts().size());
      } catch (InvalidEnvironmentException e) {
        invalid.put(file.getFileName().toString(), e);
        log.warn("{}", e.getMessage());
      }
    }
  }

  public void register(Environment environment) {
    environments.put(environment.id(), environment);
  }

  public Collection<Environment> all() {
    return List.copyOf(environments.values());
  }

  public Optional<Environment> find(String id) {
    return Optional.ofNullable(id).map(environments::get);
  }

  /** @throws UnknownEnvironmentException naming the id and the known ones */
  public Environment get(String id) {
    return find(id).orElseThrow(() -> new UnknownEnvironmentException(id, environments.keySet()));
  }

  public Collection<InvalidEnvironmentException> invalid() {
    return List.copyOf(invalid.values());
  }

  /** The environment id a caller gave is not a known, valid environment. */
  public static final class UnknownEnvironmentException extends RuntimeException {
    UnknownEnvironmentException(String id, Collection<String> known) {
      super("environmentId: unknown environment '" + id + "'; known environments: " + known);
    }
  }
}
