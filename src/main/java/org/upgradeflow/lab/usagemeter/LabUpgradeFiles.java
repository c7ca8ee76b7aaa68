package org.upgradeflow.lab.usagemeter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Upgrade files for the lab's appliances as VMware ships them, made with the real {@code openssl}
 * binary: a CA, a signing certificate it issued, the 4.5 ISO with its checksum file, the 4.7 ISO
 * with its {@code .mf} manifest, each with {@code .crt} and {@code .sign} (SHA1withRSA over the
 * checksum/manifest file), and a {@code ums-system-upgrade.shar}. The lab's ISOs are small random
 * files ({@link #isoContent}): the lab's mount reads release and build from the name.
 */
public final class LabUpgradeFiles {

  public static final String BUILD = "21350286";
  /** Marks a complete set; renamed when the files' content changes, so older sets are made again. */
  private static final String READY = "READY-2";

  private LabUpgradeFiles() {
  }

  /** Makes the files in {@code dir} unless they are there; returns {@code dir}. */
  public static Path create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    if (Files.exists(dir.resolve(READY))) {
      return dir;
    }
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "3650", "-subj", "/CN=Lab Vendor Root CA");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.csr",
        "-subj", "/CN=Lab Usage Meter Release Signing");
    openssl(dir, "x509", "-req", "-in", "signer.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "signer.crt", "-days", "365");
    String iso45 = "Usage_Meter_Agent-" + BUILD + "_Upgrade.iso";
    writeIso(dir.resolve(iso45));
    Files.writeString(dir.resolve("Usage_Meter_Agent-" + BUILD), sha1(dir, iso45) + "  " + iso45 + "\n");
    sign(dir, iso45, "Usage_Meter_Agent-" + BUILD);
    String base47 = "Usage_Meter_Agent-4.7.0.0-" + BUILD + "_Upgrade";
    writeIso(dir.resolve(base47 + ".iso"));
    Files.writeString(dir.resolve(base47 + ".mf"), "SHA1(" + base47 + ".iso)= " + sha1(dir, base47 + ".iso") + "\n");
    sign(dir, base47 + ".iso", base47 + ".mf");
    Files.writeString(dir.resolve(UsageMeterAppliance.SHAR_FILE), "#!/bin/sh\n# lab ums-system-upgrade.shar\n");
    Files.writeString(dir.resolve(READY), "");
    return dir;
  }

  private static void sign(Path dir, String iso, String checksums) throws IOException, InterruptedException {
    String base = iso.replaceFirst("\\.iso$", "");
    openssl(dir, "dgst", "-sha1", "-sign", "signer.key", "-out", base + ".sign", checksums);
    Files.copy(dir.resolve("signer.crt"), dir.resolve(base + ".crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String sha1(Path dir, String file) throws IOException, InterruptedException {
    return openssl(dir, "dgst", "-sha1", "-r", file).split(" ")[0];
  }

  private static void writeIso(Path file) throws IOException {
    Files.write(file, isoContent(file.getFileName().toString()));
  }

  /**
   * The bytes of the lab's ISO of that name: the same on every call, and different per name (a
   * 4.5 ISO connected where the 4.7 one belongs has another SHA-1). The lab's vSphere datastore
   * ({@link UsageMeterConsole#connectCdrom(org.upgradeflow.lab.host.LabHostState, String)}) holds these.
   */
  public static byte[] isoContent(String isoFileName) {
    byte[] content = new byte[1024 * 1024 + 17];
    new Random(isoFileName.hashCode()).nextBytes(content);
    return content;
  }

  /** Runs {@code openssl} in {@code dir}; its output, or an exception with it. */
  public static String openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
