package org.upgradeflow.usagemeter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/**
 * Finds the upgrade files of a path in the environment's artifact directory (or the configured
 * one), named as VMware ships them: {@code ums-system-upgrade.shar} (4.3);
 * {@code Usage_Meter_Agent-<BUILD>_Upgrade.iso} with the checksum file
 * {@code Usage_Meter_Agent-<BUILD>} (4.5); {@code Usage_Meter_Agent-4.7.0.0-<BUILD>_Upgrade.iso}
 * with {@code .mf} (4.7); each ISO with its {@code .crt} and {@code .sign}.
 */
@Component
class ArtifactStore {

  private static final Pattern ISO_45 = Pattern.compile("Usage_Meter_Agent-(\\d+)_Upgrade\\.iso");
  private static final Pattern ISO_47 = Pattern.compile("Usage_Meter_Agent-(4\\.7\\.\\d+\\.\\d+)-(\\d+)_Upgrade\\.iso");

  private final UsageMeterProperties properties;

  ArtifactStore(UsageMeterProperties properties) {
    this.properties = properties;
  }

  /** The directory holding the environment's upgrade files. */
  Path directory(Environment env) {
    String configured = env.artifacts();
    if (configured == null || configured.isBlank()) {
      if (properties.artifacts() == null) {
        throw new ArtifactVerificationException("artifacts: environment " + env.id()
            + " names no artifact directory and upgradeflow.usage-meter.artifacts is not set");
      }
      return properties.artifacts().toAbsolutePath();
    }
    if (configured.matches("(?i)https?://.*")) {
      throw new ArtifactVerificationException("artifacts: " + configured
          + ": downloading from a URL is not supported yet; copy the files to a directory and name it");
    }
    return Path.of(configured).toAbsolutePath();
  }

  Path shar(Path dir) {
    return existing(dir, Appliance.SHAR_FILE);
  }

  /** The ISO of the path and its checksum or manifest file, certificate and signature. */
  UpgradeArtifacts iso(Path dir, UsageMeterPath path) {
    Pattern pattern = path == UsageMeterPath.TO_47 ? ISO_47 : ISO_45;
    List<String> isos = list(dir).stream().filter(n -> pattern.matcher(n).matches()).sorted().toList();
    if (isos.size() != 1) {
      throw new ArtifactVerificationException(dir + ": expected exactly one " + pattern.pattern() + " for "
          + path.target() + ", found " + (isos.isEmpty() ? "none" : isos));
    }
    String iso = isos.get(0);
    String base = iso.substring(0, iso.length() - ".iso".length());
    Matcher m = pattern.matcher(iso);
    m.matches();
    String checksums = path == UsageMeterPath.TO_47 ? base + ".mf" : "Usage_Meter_Agent-" + m.group(1);
    return new UpgradeArtifacts(existing(dir, iso), existing(dir, checksums), existing(dir, base + ".crt"),
        existing(dir, base + ".sign"));
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
