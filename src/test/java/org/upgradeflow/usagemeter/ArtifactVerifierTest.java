package org.upgradeflow.usagemeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactVerifierTest {

  @TempDir
  Path dir;
  OpensslArtifacts vendor;
  Date now;

  @BeforeEach
  void setUp() throws Exception {
    vendor = new OpensslArtifacts(dir);
    now = new Date(); // after the certificates were issued
  }

  @Test
  void acceptsAGenuine45ReleaseAndReportsTheEvidence() throws Exception {
    UpgradeArtifacts release = vendor.release45("4.5.0.1-123456");
    assertThat(vendor.opensslVerifies(release)).isTrue();

    VerifiedArtifacts verified = ArtifactVerifier.verify(release, dir.resolve("ca.crt"), now);

    assertThat(verified.isoName()).isEqualTo("Usage_Meter_Agent-4.5.0.1-123456_Upgrade.iso");
    assertThat(verified.isoSha1()).isEqualTo(vendor.openssl("dgst", "-sha1", "-r", release.iso().toString()).split(" ")[0]);
    assertThat(verified.signer()).contains("CN=Usage Meter Release Signing");
    assertThat(verified.chainVerified()).isTrue();
  }

  @Test
  void acceptsAGenuine47ReleaseWithManifestWithoutATrustStore() throws Exception {
    UpgradeArtifacts release = vendor.release47("24098765");
    VerifiedArtifacts verified = ArtifactVerifier.verify(release, null, now);
    assertThat(verified.checksumFile()).isEqualTo("Usage_Meter_Agent-4.7.0.0-24098765_Upgrade.mf");
    assertThat(verified.chainVerified()).isFalse();
  }

  @Test
  void refusesATamperedIso() throws Exception {
    UpgradeArtifacts release = vendor.release47("24098765");
    try (RandomAccessFile iso = new RandomAccessFile(release.iso().toFile(), "rw")) {
      iso.seek(1_000_000);
      iso.write(0x42 ^ iso.read());
    }
    assertThatThrownBy(() -> ArtifactVerifier.verify(release, dir.resolve("ca.crt"), now))
        .isInstanceOf(ArtifactVerificationException.class)
        .hasMessageMatching("Usage_Meter_Agent-4\\.7\\.0\\.0-24098765_Upgrade\\.iso: SHA-1 is [0-9a-f]{40} but "
            + "Usage_Meter_Agent-4\\.7\\.0\\.0-24098765_Upgrade\\.mf says [0-9a-f]{40}");
  }

  @Test
  void refusesATamperedManifest() throws Exception {
    UpgradeArtifacts release = vendor.release47("24098765");
    String manifest = Files.readString(release.checksums());
    Files.writeString(release.checksums(), manifest.replaceFirst("= .", "= 0"));
    assertThatThrownBy(() -> ArtifactVerifier.verify(release, dir.resolve("ca.crt"), now))
        .hasMessage("Usage_Meter_Agent-4.7.0.0-24098765_Upgrade.sign: signature does not verify over "
            + "Usage_Meter_Agent-4.7.0.0-24098765_Upgrade.mf with the public key of "
            + "Usage_Meter_Agent-4.7.0.0-24098765_Upgrade.crt");
  }

  @Test
  void refusesASignatureByAnotherKey() throws Exception {
    UpgradeArtifacts genuine = vendor.release45("4.5.0.1-1");
    UpgradeArtifacts forged = vendor.sign(genuine.iso().getFileName().toString(),
        genuine.checksums().getFileName().toString(), "other.key", "signer.crt");
    assertThatThrownBy(() -> ArtifactVerifier.verify(forged, dir.resolve("ca.crt"), now))
        .hasMessageContaining("_Upgrade.sign: signature does not verify over Usage_Meter_Agent-4.5.0.1-1");
  }

  @Test
  void refusesACertificateThatDoesNotChainToTheTrustStore() throws Exception {
    UpgradeArtifacts selfSigned = vendor.release45("4.5.0.1-2");
    vendor.sign(selfSigned.iso().getFileName().toString(), selfSigned.checksums().getFileName().toString(),
        "other.key", "other.crt");
    assertThat(ArtifactVerifier.verify(selfSigned, null, now).signer()).contains("CN=Someone Else");
    assertThatThrownBy(() -> ArtifactVerifier.verify(selfSigned, dir.resolve("ca.crt"), now))
        .hasMessageStartingWith("Usage_Meter_Agent-4.5.0.1-2_Upgrade.crt: does not chain to a certificate trusted in");
  }

  @Test
  void refusesAnExpiredCertificate() throws Exception {
    UpgradeArtifacts release = vendor.release47("24098765");
    Date in40Days = Date.from(Instant.now().plus(Duration.ofDays(40)));
    assertThatThrownBy(() -> ArtifactVerifier.verify(release, null, in40Days))
        .hasMessageStartingWith("Usage_Meter_Agent-4.7.0.0-24098765_Upgrade.crt: certificate expired on ")
        .hasMessageContaining("CN=Usage Meter Release Signing");
  }

  @Test
  void refusesAChecksumFileWithoutTheIso() throws Exception {
    UpgradeArtifacts release = vendor.release45("4.5.0.1-3");
    Files.writeString(release.checksums(), "da39a3ee5e6b4b0d3255bfef95601890afd80709  other.iso\n");
    vendor.sign(release.iso().getFileName().toString(), release.checksums().getFileName().toString(),
        "signer.key", "signer.crt");
    assertThatThrownBy(() -> ArtifactVerifier.verify(release, dir.resolve("ca.crt"), now))
        .hasMessage("Usage_Meter_Agent-4.5.0.1-3: has no SHA-1 for Usage_Meter_Agent-4.5.0.1-3_Upgrade.iso "
            + "(it lists [other.iso])");
  }

  @Test
  void refusesAFileThatIsNotACertificate() throws Exception {
    UpgradeArtifacts release = vendor.release45("4.5.0.1-4");
    Files.writeString(release.certificate(), "not a certificate");
    assertThatThrownBy(() -> ArtifactVerifier.verify(release, null, now))
        .hasMessage("Usage_Meter_Agent-4.5.0.1-4_Upgrade.crt: is not a readable X.509 certificate");
  }
}
