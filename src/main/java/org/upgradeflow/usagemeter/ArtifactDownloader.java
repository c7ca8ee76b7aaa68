package org.upgradeflow.usagemeter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a path's upgrade files from an http(s) source into a local folder, streaming: each file
 * goes to {@code .<name>.part} and is moved into place only when complete (a partial download is
 * never used); a file already there with the size (and, when the server says it, the
 * Last-Modified time) the server reports is kept (safe to run twice). Any HTTP status but 200 is
 * an error naming the URL and the status. Blocking: {@link ArtifactDownloads} runs it off the
 * job executor.
 */
final class ArtifactDownloader {

  private static final Pattern HREF = Pattern.compile("(?i)href\\s*=\\s*[\"']([^\"'#?]+)[\"']");

  private final HttpClient client;
  private final Duration timeout;
  private volatile InputStream current;

  ArtifactDownloader(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * Downloads the files the path needs into {@code folder}.
   *
   * @param progress told what is being fetched, for the run's variables
   * @return the folder
   */
  Path download(ArtifactSource source, UsageMeterPath path, Path folder, Consumer<String> progress) {
    URI base = source.url();
    List<String> available;
    String last = lastSegment(base);
    if (ArtifactNames.isUpgradeFile(last)) {
      available = List.of(last); // the URL names the ISO or the shar; its companions sit beside it
      base = base.resolve(".");
    } else {
      base = base.getPath().endsWith("/") ? base : URI.create(base + "/");
      progress.accept("reading the listing of " + display(source, base));
      available = listing(source, base);
    }
    List<String> names = ArtifactNames.of(path, available, display(source, base));
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new ArtifactVerificationException("upgradeflow.usage-meter.download-cache: cannot create " + folder
          + " (" + e.getMessage() + ")", e);
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String which = name + " (file " + (i + 1) + " of " + names.size() + "): ";
      fetch(source, base.resolve(encode(name)), folder.resolve(name), done -> progress.accept(which + done));
    }
    return folder;
  }

  /** Closes the body being read, so that a download stuck in a read ends (its thread sees an error). */
  void abort() {
    InputStream in = current;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // closing is all that is wanted
      }
    }
  }

  private List<String> listing(ArtifactSource source, URI dir) {
    HttpResponse<String> response = send(source, request(source, dir).GET(), HttpResponse.BodyHandlers.ofString(), dir);
    if (response.statusCode() != 200) {
      throw status("GET", source, dir, response.statusCode());
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher m = HREF.matcher(response.body());
    while (m.find()) {
      String href = m.group(1);
      String decoded = URLDecoder.decode(href.substring(href.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
      if (!decoded.isEmpty()) {
        names.add(decoded);
      }
    }
    return new ArrayList<>(names);
  }

  private void fetch(ArtifactSource source, URI url, Path target, Consumer<String> progress) {
    if (cachedCopyCurrent(source, url, target)) {
      progress.accept("kept from the cache");
      return;
    }
    Path part = target.resolveSibling("." + target.getFileName() + ".part");
    HttpResponse<InputStream> response = send(source, request(source, url).GET(), HttpResponse.BodyHandlers.ofInputStream(), url);
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw status("GET", source, url, response.statusCode());
      }
      current = in;
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      long copied = 0;
      try (OutputStream out = Files.newOutputStream(part)) {
        byte[] buffer = new byte[1 << 16];
        long reported = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
          out.write(buffer, 0, n);
          copied += n;
          if (copied - reported >= (8L << 20)) {
            reported = copied;
            progress.accept(copied + (length.isPresent() ? " of " + length.getAsLong() : "") + " bytes");
          }
        }
      }
      if (length.isPresent() && copied != length.getAsLong()) {
        throw new ArtifactVerificationException("artifacts: GET " + display(source, url) + " ended after " + copied
            + " of " + length.getAsLong() + " bytes");
      }
      Optional<FileTime> modified = lastModified(response.headers());
      if (modified.isPresent()) {
        Files.setLastModifiedTime(part, modified.get());
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      progress.accept(copied + " bytes downloaded");
    } catch (IOException e) {
      throw new ArtifactVerificationException("artifacts: GET " + display(source, url) + " failed: " + e.getMessage(), e);
    } finally {
      current = null;
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        // the next download overwrites it; it is never used as the file
      }
    }
  }

  /** HEAD: the cached copy is kept when its size (and Last-Modified, when given) is what the server has. */
  private boolean cachedCopyCurrent(ArtifactSource source, URI url, Path target) {
    if (!Files.isRegularFile(target)) {
      return false;
    }
    HttpResponse<Void> head = send(source, request(source, url).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.discarding(), url);
    if (head.statusCode() != 200) {
      return false; // a server without HEAD: the GET decides, and names its status when it fails
    }
    OptionalLong length = head.headers().firstValueAsLong("Content-Length");
    try {
      if (length.isEmpty() || Files.size(target) != length.getAsLong()) {
        return false;
      }
      Optional<FileTime> modified = lastModified(head.headers());
      return modified.isEmpty() || Files.getLastModifiedTime(target).equals(modified.get());
    } catch (IOException e) {
      return false;
    }
  }

  private HttpRequest.Builder request(ArtifactSource source, URI url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout);
    if (source.userInfo() != null) {
      String user = URLDecoder.decode(source.userInfo(), StandardCharsets.UTF_8);
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  private <T> HttpResponse<T> send(ArtifactSource source, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body,
      URI url) {
    try {
      return client.send(request.build(), body);
    } catch (IOException e) {
      throw new ArtifactVerificationException("artifacts: " + request.build().method() + " " + display(source, url)
          + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArtifactVerificationException("artifacts: " + display(source, url) + ": download interrupted", e);
    }
  }

  private static ArtifactVerificationException status(String method, ArtifactSource source, URI url, int status) {
    return new ArtifactVerificationException("artifacts: " + method + " " + display(source, url) + " answered HTTP "
        + status + (status == 401 || status == 403 ? " (credentials missing or not accepted)" : ""));
  }

  private static Optional<FileTime> lastModified(HttpHeaders headers) {
    try {
      return headers.firstValue("Last-Modified")
          .map(v -> FileTime.from(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String display(ArtifactSource source, URI url) {
    return source.display(url);
  }

  private static String lastSegment(URI url) {
    String p = url.getPath();
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private static String encode(String name) {
    return name.replace("%", "%25").replace(" ", "%20");
  }
}
