package org.upgradeflow.usagemeter;

import java.nio.file.Path;

/**
 * The files of one ISO upgrade as VMware ships them: the ISO, the checksum file (4.5) or
 * {@code .mf} manifest (4.7) holding the ISO's SHA-1, the signing certificate {@code .crt} and
 * the signature {@code .sign} over the checksum or manifest file.
 */
public record UpgradeArtifacts(Path iso, Path checksums, Path certificate, Path signature) {
}
