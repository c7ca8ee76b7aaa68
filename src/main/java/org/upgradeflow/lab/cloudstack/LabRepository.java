package org.upgradeflow.lab.cloudstack;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.upgradeflow.lab.behaviour.Releases;

/**
 * The estate's CloudStack package repository as HTTP sees it (the host of the estate's
 * {@code repositoryUrl}): the metadata a package manager fetches first for every series the lab
 * serves ({@link Releases}): yum's {@code /rhel/<series>/repodata/repomd.xml}, apt's
 * {@code /ubuntu/dists/precise/Release}. Any other path is a 404, as on a real mirror.
 */
final class LabRepository {

  private static final Pattern REPOMD = Pattern.compile("^/rhel/([^/]+)/repodata/repomd\\.xml$");
  private static final String APT_RELEASE = "/ubuntu/dists/precise/Release";

  private final URI base;
  private final Releases releases;

  LabRepository(String repositoryUrl, Releases releases) {
    this.base = repositoryUrl == null ? null : URI.create(repositoryUrl.replaceAll("/+$", ""));
    this.releases = releases;
  }

  /** Whether {@code host:port} is the repository's web server. */
  boolean serves(String host, int port) {
    return base != null && host.equalsIgnoreCase(base.getHost()) && port == (base.getPort() < 0 ? 80 : base.getPort());
  }

  boolean named(String host) {
    return base != null && host.equalsIgnoreCase(base.getHost());
  }

  /** The status and body for {@code path} on the repository's web server. */
  ManagementApiCurl.Response get(String path) {
    String prefix = base.getPath() == null ? "" : base.getPath();
    if (!path.startsWith(prefix)) {
      return notFound();
    }
    String rest = path.substring(prefix.length());
    Matcher m = REPOMD.matcher(rest);
    if (m.matches() && releases.served(m.group(1)).isPresent()) {
      return new ManagementApiCurl.Response(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<repomd xmlns=\"http://linux.duke.edu/metadata/repo\"><data type=\"primary\">"
          + "<location href=\"repodata/primary.xml.gz\"/></data></repomd>\n");
    }
    if (rest.equals(APT_RELEASE)) {
      return new ManagementApiCurl.Response(200, "Origin: Apache CloudStack\nLabel: CloudStack lab\nSuite: precise\n"
          + "Codename: precise\nArchitectures: amd64\nComponents: " + String.join(" ", releases.series()) + "\n");
    }
    return notFound();
  }

  private static ManagementApiCurl.Response notFound() {
    return new ManagementApiCurl.Response(404, "<html><head><title>404 Not Found</title></head><body>"
        + "<h1>Not Found</h1></body></html>\n");
  }
}
