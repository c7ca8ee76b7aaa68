package org.upgradeflow.usagemeter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies Usage Meter ISO upgrade files in the service, before anything touches the appliance:
 * the certificate (validity, and chain to a trust store when one is given), the SHA1withRSA
 * signature over the checksum or manifest file, then the ISO's SHA-1 against that file — what
 * the procedure does with {@code openssl x509}, {@code openssl dgst -sha1 -verify} and
 * {@code sha1sum -c}.
 */
public final class ArtifactVerifier {

  private ArtifactVerifier() {
  }

  /**
   * @param trustedCertificates PEM or DER file of trusted CA certificates, or null to check the
   *                            certificate's own validity only
   * @param now                 the time the certificate must be valid at
   */
  public static VerifiedArtifacts verify(UpgradeArtifacts files, Path trustedCertificates, Date now) {
    X509Certificate certificate = certificate(files.certificate());
    String crt = name(files.certificate());
    try {
      certificate.checkValidity(now);
    } catch (CertificateExpiredException e) {
      throw new ArtifactVerificationException(crt + ": certificate expired on " + certificate.getNotAfter().toInstant()
          + " (subject " + certificate.getSubjectX500Principal().getName() + ")");
    } catch (CertificateNotYetValidException e) {
      throw new ArtifactVerificationException(crt + ": certificate not valid before "
          + certificate.getNotBefore().toInstant());
    }
    boolean chained = trustedCertificates != null;
    if (chained) {
      verifyChain(certificate, crt, trustedCertificates, now);
    }
    byte[] signed = read(files.checksums());
    verifySignature(certificate, signed, files);

    Map<String, String> sums = ChecksumFile.parse(new String(signed, StandardCharsets.UTF_8));
    String iso = name(files.iso());
    String expected = sums.get(iso);
    if (expected == null) {
      throw new ArtifactVerificationException(name(files.checksums()) + ": has no SHA-1 for " + iso
          + " (it lists " + sums.keySet() + ")");
    }
    String actual = digest(files.iso(), "SHA-1");
    if (!actual.equals(expected)) {
      throw new ArtifactVerificationException(iso + ": SHA-1 is " + actual + " but " + name(files.checksums())
          + " says " + expected);
    }
    return new VerifiedArtifacts(iso, actual, name(files.checksums()),
        certificate.getSubjectX500Principal().getName(), fingerprint(certificate),
        certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), chained);
  }

  private static void verifySignature(X509Certificate certificate, byte[] signed, UpgradeArtifacts files) {
    byte[] signature = signatureBytes(files.signature());
    try {
      Signature verifier = Signature.getInstance("SHA1withRSA");
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(signed);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a malformed signature is a signature that does not verify
    }
    throw new ArtifactVerificationException(name(files.signature()) + ": signature does not verify over "
        + name(files.checksums()) + " with the public key of " + name(files.certificate()));
  }

  private static void verifyChain(X509Certificate certificate, String crt, Path trusted, Date now) {
    try (InputStream in = Files.newInputStream(trusted)) {
      Set<TrustAnchor> anchors = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(c -> new TrustAnchor((X509Certificate) c, null)).collect(Collectors.toSet());
      if (anchors.isEmpty()) {
        throw new ArtifactVerificationException(trusted + ": holds no certificate to trust");
      }
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(now);
      var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate));
      CertPathValidator.getInstance("PKIX").validate(path, parameters);
    } catch (IOException | GeneralSecurityException e) {
      throw new ArtifactVerificationException(crt + ": does not chain to a certificate trusted in " + trusted
          + " (" + e.getMessage() + ")", e);
    }
  }

  private static X509Certificate certificate(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new ArtifactVerificationException(name(file) + ": is not a readable X.509 certificate", e);
    }
  }

  /** openssl writes the raw signature; accept a base64 rendering of it too. */
  private static byte[] signatureBytes(Path file) {
    byte[] raw = read(file);
    String text = new String(raw, StandardCharsets.US_ASCII).strip();
    if (!text.isEmpty() && text.matches("[A-Za-z0-9+/=\\s]+")) {
      try {
        return Base64.getMimeDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        return raw;
      }
    }
    return raw;
  }

  /** Lower-case hex digest of a file ({@code SHA-1}, {@code SHA-256}). */
  static String digest(Path file, String algorithm) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException | GeneralSecurityException e) {
      throw new ArtifactVerificationException(name(file) + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ArtifactVerificationException(name(file) + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static String name(Path file) {
    return file.getFileName().toString();
  }
}
