package org.upgradeflow.usagemeter;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a path's upgrade files as VMware ships them, picked from what a directory (or an
 * HTTP directory listing) holds: {@code ums-system-upgrade.shar} (4.3);
 * {@code Usage_Meter_Agent-<BUILD>_Upgrade.iso} with the checksum file
 * {@code Usage_Meter_Agent-<BUILD>} (4.5); {@code Usage_Meter_Agent-4.7.0.0-<BUILD>_Upgrade.iso}
 * with {@code .mf} (4.7); each ISO with its {@code .crt} and {@code .sign}.
 */
final class ArtifactNames {

  private static final Pattern ISO_45 = Pattern.compile("Usage_Meter_Agent-(\\d+)_Upgrade\\.iso");
  private static final Pattern ISO_47 = Pattern.compile("Usage_Meter_Agent-(4\\.7\\.\\d+\\.\\d+)-(\\d+)_Upgrade\\.iso");

  /** The ISO path's four files, in the order ISO, checksum/manifest, certificate, signature. */
  record Iso(String iso, String checksums, String certificate, String signature) {
    List<String> all() {
      return List.of(iso, checksums, certificate, signature);
    }
  }

  private ArtifactNames() {
  }

  /** What the path needs: the shar, or the ISO and its three companions. */
  static List<String> of(UsageMeterPath path, Collection<String> available, String where) {
    if (path == UsageMeterPath.TO_43) {
      return List.of(Appliance.SHAR_FILE);
    }
    return iso(path, available, where).all();
  }

  /** @param where the directory or URL, for the message when there is not exactly one ISO */
  static Iso iso(UsageMeterPath path, Collection<String> available, String where) {
    Pattern pattern = path == UsageMeterPath.TO_47 ? ISO_47 : ISO_45;
    List<String> isos = available.stream().filter(n -> pattern.matcher(n).matches()).distinct().sorted().toList();
    if (isos.size() != 1) {
      throw new ArtifactVerificationException(where + ": expected exactly one " + pattern.pattern() + " for "
          + path.target() + ", found " + (isos.isEmpty() ? "none" : isos));
    }
    String iso = isos.get(0);
    String base = iso.substring(0, iso.length() - ".iso".length());
    Matcher m = pattern.matcher(iso);
    m.matches();
    String checksums = path == UsageMeterPath.TO_47 ? base + ".mf" : "Usage_Meter_Agent-" + m.group(1);
    return new Iso(iso, checksums, base + ".crt", base + ".sign");
  }

  /** True for a name the URL of a single file may end with (the ISO or the shar). */
  static boolean isUpgradeFile(String name) {
    return name.equals(Appliance.SHAR_FILE) || ISO_45.matcher(name).matches() || ISO_47.matcher(name).matches();
  }
}
