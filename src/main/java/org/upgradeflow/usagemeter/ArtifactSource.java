package org.upgradeflow.usagemeter;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where the upgrade files come from: a local directory, or an http(s) URL (of a directory listing,
 * or of the ISO or shar itself; its siblings are fetched from the same place). Credentials in the
 * URL ({@code https://user:password@host/...}) are sent as HTTP Basic authentication and never
 * shown: {@link #toString()} masks them, and {@link #url()} is the URL without them.
 */
record ArtifactSource(Path directory, URI url, String userInfo) {

  /** @param field the setting's name for the message (the environment's or the service's) */
  static ArtifactSource parse(String configured, String field) {
    if (!configured.matches("(?i)[a-z][a-z0-9+.-]*://.*")) {
      return new ArtifactSource(Path.of(configured).toAbsolutePath(), null, null);
    }
    URI uri;
    try {
      uri = new URI(configured);
    } catch (URISyntaxException e) {
      throw new ArtifactVerificationException(field + ": not a valid URL: " + masked(configured));
    }
    String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new ArtifactVerificationException(field + ": expected a directory or an http(s) URL with a host, got "
          + masked(configured));
    }
    try {
      URI plain = new URI(scheme, null, uri.getHost(), uri.getPort(), uri.getPath() == null || uri.getPath().isEmpty()
          ? "/" : uri.getPath(), uri.getQuery(), null);
      return new ArtifactSource(null, plain, uri.getRawUserInfo());
    } catch (URISyntaxException e) {
      throw new ArtifactVerificationException(field + ": not a valid URL: " + masked(configured));
    }
  }

  boolean remote() {
    return url != null;
  }

  /** The URL for logs, variables and messages: user and password replaced by {@code ***}. */
  @Override
  public String toString() {
    return remote() ? display(url) : directory.toString();
  }

  /** A URL of this source (the source's own, or a file under it) for messages: credentials masked. */
  String display(URI any) {
    return userInfo == null ? any.toString() : any.toString().replaceFirst("://", "://***@");
  }

  /** userinfo of any URL-looking text replaced, for messages about text that did not parse */
  static String masked(String text) {
    return org.upgradeflow.environment.ProxyUrl.masked(text);
  }
}
