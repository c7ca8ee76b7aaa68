package org.upgradeflow.lab.cloudstack;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.upgradeflow.lab.command.CommandContext;
import org.upgradeflow.lab.command.LabCommand;
import org.upgradeflow.lab.host.LabHostState;

/**
 * {@code curl} on a CloudStack estate's hosts, enough for an operator's look at the local API and
 * at the package repository: options {@code -s -S -f -k -L} (bundled too, {@code -sS}),
 * {@code -o FILE}, {@code -w FORMAT} ({@code %{http_code}}, {@code \n}), {@code -m}/{@code --max-time N},
 * {@code -x}/{@code --proxy URL}, their long forms, one {@code http://} URL. Names resolve as in
 * the estate's DNS: the host itself, the estate's hosts and the repository's host; any other name
 * is curl's exit 6 (Could not resolve host). The lab has no proxy server: a proxy the estate's
 * DNS does not know is exit 5, one that it knows refuses (7).
 * The repository ({@link LabRepository}) answers its metadata with 200 and other paths with 404
 * (exit 22 with {@code -f}); {@link CloudStackLab#cutRepository} makes it refuse one host (7), as
 * a firewall rule would. A management server answers on
 * 127.0.0.1 (or its own name) only once it runs, its database upgrade is not running and
 * {@link org.upgradeflow.lab.host.LabTimings#managementStartUp()} has passed since its last start; before that
 * the connection is refused (exit 7, {@code %{http_code}} {@code 000}), as Tomcat's port is not
 * open yet. Port 8096 (the unauthenticated integration API) answers only when
 * {@code integration.api.port} was 8096 at that start; 8080 answers 401 (no session). On
 * {@code /client/api}, {@code command=listCapabilities} is 200 with the server's version; another
 * command is CloudStack's 432. Other hosts and ports: refused.
 */
final class ManagementApiCurl implements LabCommand {

  /** Long options as the short letter they stand for. */
  private static final java.util.Map<String, String> LONG = java.util.Map.of("--silent", "s", "--show-error", "S",
      "--fail", "f", "--insecure", "k", "--location", "L", "--output", "o", "--write-out", "w", "--max-time", "m",
      "--proxy", "x");

  private final CloudStackLab lab;

  ManagementApiCurl(CloudStackLab lab) {
    this.lab = lab;
  }

  record Response(int code, String body) {
  }

  @Override
  public int run(CommandContext ctx) throws Exception {
    boolean silent = false;
    boolean showError = false;
    boolean failOnError = false;
    String output = null;
    String format = null;
    String url = null;
    String proxy = null;
    List<String> args = ctx.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String letters = a.startsWith("--") ? LONG.getOrDefault(a, "?") : a.startsWith("-") && a.length() > 1
          ? a.substring(1) : null;
      if (letters == null) {
        url = a;
        continue;
      }
      // bundled short options as curl reads them: -sS, -fsS, -o FILE, -oFILE
      for (int j = 0; j < letters.length(); j++) {
        char c = letters.charAt(j);
        if ("owmx".indexOf(c) >= 0) {
          String value = j + 1 < letters.length() && !a.startsWith("--") ? letters.substring(j + 1)
              : i + 1 < args.size() ? args.get(++i) : null;
          if (value == null) {
            return ctx.fail(2, "option -" + c + ": requires parameter");
          }
          if (c == 'o') {
            output = value;
          } else if (c == 'w') {
            format = value;
          } else if (c == 'x') {
            proxy = value;
          }
          break;
        } else if (c == 's') {
          silent = true;
        } else if (c == 'S') {
          showError = true;
        } else if (c == 'f') {
          failOnError = true;
        } else if (c != 'k' && c != 'L') {
          return ctx.fail(2, "option " + a + ": is unknown");
        }
      }
    }
    if (url == null) {
      return ctx.fail(2, "no URL specified!");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return ctx.fail(3, "(3) URL using bad/illegal format or missing URL");
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      return ctx.fail(1, "(1) Protocol \"" + uri.getScheme() + "\" not supported or disabled in libcurl");
    }
    boolean showErrors = !silent || showError;
    if (proxy != null) {
      URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
      String proxyHost = p.getHost() == null ? proxy : p.getHost();
      writeOut(ctx, format, "000");
      if (!resolves(ctx.host(), proxyHost)) {
        return error(ctx, showErrors, 5, "Could not resolve proxy: " + proxyHost);
      }
      return error(ctx, showErrors, 7, "Failed to connect to " + proxyHost + " port "
          + (p.getPort() < 0 ? 1080 : p.getPort()) + ": Connection refused");
    }
    if (!resolves(ctx.host(), uri.getHost())) {
      writeOut(ctx, format, "000");
      return error(ctx, showErrors, 6, "Could not resolve host: " + uri.getHost());
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    Optional<Response> response = lab.repository().serves(uri.getHost(), port)
        ? lab.repositoryCut(ctx.host().hostname()) ? Optional.empty() : Optional.of(lab.repository().get(uri.getPath()))
        : answer(ctx.host(), uri.getHost(), port, uri.getPath(), uri.getQuery());
    if (response.isEmpty()) {
      writeOut(ctx, format, "000");
      return error(ctx, showErrors, 7, "Failed to connect to " + uri.getHost() + " port " + port + ": Connection refused");
    }
    Response r = response.get();
    if (failOnError && r.code() >= 400) {
      writeOut(ctx, format, String.valueOf(r.code()));
      return error(ctx, showErrors, 22, "The requested URL returned error: " + r.code());
    }
    if (output == null || output.equals("-")) {
      ctx.print(r.body());
    } else if (!output.equals("/dev/null")) {
      Files.writeString(ctx.path(output), r.body(), StandardCharsets.UTF_8);
    }
    writeOut(ctx, format, String.valueOf(r.code()));
    return 0;
  }

  private Optional<Response> answer(LabHostState host, String name, int port, String path, String query) {
    boolean local = name.equals("127.0.0.1") || name.equals("localhost") || name.equals(host.hostname());
    CloudStackLab.ApiStart start = lab.apiStarts.get(host.hostname());
    if (!local || start == null || !running(host) || lab.upgrading.get()) {
      return Optional.empty();
    }
    Duration startUp = host.time().scaled(lab.timings().managementStartUp());
    if (Instant.now().isBefore(start.at().plus(startUp))) {
      return Optional.empty();
    }
    if (port == 8080) {
      return Optional.of(new Response(401, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><errorresponse>"
          + "<errorcode>401</errorcode><errortext>unable to verify user credentials and/or request signature"
          + "</errortext></errorresponse>"));
    }
    if (port != 8096 || !"8096".equals(start.integrationPort())) {
      return Optional.empty();
    }
    if (!"/client/api".equals(path) && !"/client/api/".equals(path)) {
      return Optional.of(new Response(404, "<html><body><h1>HTTP Status 404</h1></body></html>"));
    }
    if (query != null && List.of(query.split("&")).contains("command=listCapabilities")) {
      String version = ManagementServer.codeVersion(host).orElse("");
      return Optional.of(new Response(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><listcapabilitiesresponse"
          + " cloud-stack-version=\"" + version + "\"><capability><cloudstackversion>" + version
          + "</cloudstackversion><userpublictemplateenabled>true</userpublictemplateenabled></capability>"
          + "</listcapabilitiesresponse>"));
    }
    return Optional.of(new Response(432, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><errorresponse><errorcode>432"
        + "</errorcode><errortext>The given command does not exist or it is not available for user</errortext>"
        + "</errorresponse>"));
  }

  /** The estate's DNS: this host, the estate's hosts, the repository; IP literals need none. */
  private boolean resolves(LabHostState host, String name) {
    return name.equals("localhost") || name.equals(host.hostname()) || name.matches("[0-9.]+")
        || lab.repository().named(name) || lab.estate().environment().host(name).isPresent();
  }

  private static int error(CommandContext ctx, boolean show, int code, String message) throws java.io.IOException {
    if (show) {
      ctx.printErr("curl: (" + code + ") " + message + "\n");
    }
    return code;
  }

  private static boolean running(LabHostState host) {
    return List.of("cloudstack-management", "cloud-management").stream()
        .map(n -> host.services().get(n)).anyMatch(s -> s != null && s.running());
  }

  private static void writeOut(CommandContext ctx, String format, String httpCode) throws java.io.IOException {
    if (format != null) {
      ctx.print(format.replace("%{http_code}", httpCode).replace("\\n", "\n"));
    }
  }
}
