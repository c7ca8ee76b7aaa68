package org.upgradeflow.usagemeter;

import java.time.Instant;

/** What the verification established: evidence for the snapshot gate. */
public record VerifiedArtifacts(String isoName, String isoSha1, String checksumFile, String signer,
    String certificateSha256, Instant validFrom, Instant validUntil, boolean chainVerified) {
}
