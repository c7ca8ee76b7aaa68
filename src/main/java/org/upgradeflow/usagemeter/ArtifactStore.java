package org.upgradeflow.usagemeter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/**
 * Where a run's upgrade files come from (the environment's {@code artifacts}, else
 * {@code upgradeflow.usage-meter.artifacts}) and, in a local directory (configured, or the
 * download cache of a URL), the files of a path as {@link ArtifactNames} names them.
 */
@Component
class ArtifactStore {

  private final UsageMeterProperties properties;

  ArtifactStore(UsageMeterProperties properties) {
    this.properties = properties;
  }

  /** The environment's source of upgrade files: a directory or an http(s) URL. */
  ArtifactSource source(Environment env) {
    String configured = env.artifacts();
    if (configured == null || configured.isBlank()) {
      if (properties.artifacts() == null) {
        throw new ArtifactVerificationException("artifacts: environment " + env.id()
            + " names no artifact directory or URL and upgradeflow.usage-meter.artifacts is not set");
      }
      return ArtifactSource.parse(properties.artifacts(), "upgradeflow.usage-meter.artifacts");
    }
    return ArtifactSource.parse(configured.strip(), "artifacts of environment " + env.id());
  }

  Path shar(Path dir) {
    return existing(dir, Appliance.SHAR_FILE);
  }

  /** The ISO of the path and its checksum or manifest file, certificate and signature. */
  UpgradeArtifacts iso(Path dir, UsageMeterPath path) {
    ArtifactNames.Iso names = ArtifactNames.iso(path, list(dir), dir.toString());
    return new UpgradeArtifacts(existing(dir, names.iso()), existing(dir, names.checksums()),
        existing(dir, names.certificate()), existing(dir, names.signature()));
  }

  static String sha256(Path file) {
    return ArtifactVerifier.digest(file, "SHA-256");
  }

  private static Path existing(Path dir, String name) {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new ArtifactVerificationException(name + ": missing in " + dir);
    }
    return p;
  }

  private static List<String> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new ArtifactVerificationException("artifacts: cannot list " + dir + " (" + e.getMessage() + ")", e);
    }
  }
}
