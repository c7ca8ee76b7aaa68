package org.upgradeflow.usagemeter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Makes upgrade artifacts the way a vendor does, with the real {@code openssl} binary: a CA, a
 * signing certificate issued by it, an ISO, its SHA-1 in a checksum file or manifest, and the
 * SHA1withRSA signature over that file.
 */
final class OpensslArtifacts {

  final Path dir;

  OpensslArtifacts(Path dir) throws Exception {
    this.dir = dir;
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "3650", "-subj", "/CN=Test Vendor Root CA");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.csr",
        "-subj", "/CN=Usage Meter Release Signing");
    openssl("x509", "-req", "-in", "signer.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "signer.crt", "-days", "30");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key", "-out", "other.crt",
        "-days", "30", "-subj", "/CN=Someone Else");
  }

  /** 4.5 style: sha1sum output in a checksum file, signed. */
  UpgradeArtifacts release45(String build) throws Exception {
    String iso = "Usage_Meter_Agent-" + build + "_Upgrade.iso";
    writeIso(iso);
    String sum = openssl("dgst", "-sha1", "-r", iso).split(" ")[0];
    Files.writeString(dir.resolve("Usage_Meter_Agent-" + build), sum + "  " + iso + "\n");
    return sign(iso, "Usage_Meter_Agent-" + build, "signer.key", "signer.crt");
  }

  /** 4.7 style: an OVF-style manifest {@code SHA1(name)= hex}, signed. */
  UpgradeArtifacts release47(String build) throws Exception {
    String base = "Usage_Meter_Agent-4.7.0.0-" + build + "_Upgrade";
    writeIso(base + ".iso");
    String sum = openssl("dgst", "-sha1", "-r", base + ".iso").split(" ")[0];
    Files.writeString(dir.resolve(base + ".mf"), "SHA1(" + base + ".iso)= " + sum + "\n");
    return sign(base + ".iso", base + ".mf", "signer.key", "signer.crt");
  }

  UpgradeArtifacts sign(String iso, String checksums, String key, String crt) throws Exception {
    String base = iso.replaceFirst("\\.iso$", "");
    openssl("dgst", "-sha1", "-sign", key, "-out", base + ".sign", checksums);
    Files.copy(dir.resolve(crt), dir.resolve(base + ".crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return new UpgradeArtifacts(dir.resolve(iso), dir.resolve(checksums), dir.resolve(base + ".crt"),
        dir.resolve(base + ".sign"));
  }

  /** What the procedure's optional manual check prints, to prove the files are really valid. */
  boolean opensslVerifies(UpgradeArtifacts a) throws Exception {
    openssl("x509", "-pubkey", "-noout", "-in", a.certificate().toString(), "-out", "pub.key");
    return openssl("dgst", "-sha1", "-verify", "pub.key", "-signature", a.signature().toString(),
        a.checksums().toString()).contains("Verified OK");
  }

  private void writeIso(String name) throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(42).nextBytes(content);
    Files.write(dir.resolve(name), content);
  }

  String openssl(String... args) throws Exception {
    return org.upgradeflow.lab.usagemeter.LabUpgradeFiles.openssl(dir, args);
  }
}
