package org.upgradeflow.usagemeter;

import java.nio.file.Path;
import java.util.Date;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * The artifact check of a path: the ISO verified by {@link ArtifactVerifier} (certificate,
 * signature over the checksum/manifest file, SHA-1), the 4.3 shar by its SHA-256 (the upload is
 * verified against it on the appliance). The result is the evidence the snapshot gate shows.
 */
@Component
class UpgradeArtifactChecks {

  record Checked(Path directory, String fileName, String checksum, String evidence) {
  }

  private final ArtifactStore store;
  private final UsageMeterProperties properties;

  UpgradeArtifactChecks(ArtifactStore store, UsageMeterProperties properties) {
    this.store = store;
    this.properties = properties;
  }

  /** @param dir the local directory with the files (the configured one, or a URL's download cache) */
  Checked check(Path dir, UsageMeterPath path) {
    if (path == UsageMeterPath.TO_43) {
      Path shar = store.shar(dir);
      String sha256 = ArtifactStore.sha256(shar);
      return new Checked(dir, shar.getFileName().toString(), sha256,
          shar.getFileName() + " SHA-256 " + sha256 + " (no signature is published for the shar; the upload is verified against this digest)");
    }
    // the engine's clock, so that process tests judge validity at the time they drive
    VerifiedArtifacts v = ArtifactVerifier.verify(store.iso(dir, path), properties.trustStore(),
        Date.from(ClockUtil.getCurrentTime().toInstant()));
    String evidence = v.isoName() + " SHA-1 " + v.isoSha1() + " matches " + v.checksumFile()
        + "; signature over " + v.checksumFile() + " verified with the certificate of " + v.signer()
        + " (SHA-256 fingerprint " + v.certificateSha256() + ", valid " + v.validFrom() + " to " + v.validUntil()
        + (v.chainVerified() ? ", chains to the configured trust store)" : ", no trust store configured)");
    return new Checked(dir, v.isoName(), v.isoSha1(), evidence);
  }
}
