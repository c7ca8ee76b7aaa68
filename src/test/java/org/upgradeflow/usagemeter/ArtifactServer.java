package org.upgradeflow.usagemeter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real HTTP server on 127.0.0.1 (the JDK's) serving folders as an artifact server does: under
 * {@code /<name>/} an autoindex-style HTML listing, each file with GET and HEAD and its
 * Content-Length. Faults for the tests: a file answered with a status, a body cut short after
 * half its bytes, a file held back until released, Basic credentials required.
 */
final class ArtifactServer implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Path> folders = new ConcurrentHashMap<>();
  final Map<String, Integer> statusFor = new ConcurrentHashMap<>();
  final Set<String> truncated = ConcurrentHashMap.newKeySet();
  final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  volatile String requiredAuthorization;

  ArtifactServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  /** Serves {@code dir} under {@code /<name>/}; returns that URL. */
  String serve(String name, Path dir) {
    folders.put(name, dir);
    return base() + "/" + name + "/";
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** GET requests of a file name so far. */
  long gets(String file) {
    return requests.stream().filter(r -> r.startsWith("GET ") && r.endsWith("/" + file)).count();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.add(method + " " + path);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String[] parts = path.split("/", 3);
      Path dir = parts.length > 1 ? folders.get(parts[1]) : null;
      if (dir == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String file = parts.length > 2 ? parts[2] : "";
      if (file.isEmpty()) {
        listing(exchange, dir);
        return;
      }
      Integer status = statusFor.get(file);
      Path f = dir.resolve(file);
      if (status != null || !Files.isRegularFile(f)) {
        exchange.sendResponseHeaders(status != null ? status : 404, -1);
        return;
      }
      byte[] body = Files.readAllBytes(f);
      if (method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      CountDownLatch latch = held.get(file);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (truncated.contains(file)) {
          out.write(body, 0, body.length / 2);
          out.flush();
          throw new IOException("cut short on purpose"); // the connection closes: the client sees EOF
        }
        out.write(body, 0, body.length / 2);
        out.flush();
        if (latch != null && !latch.await(60, TimeUnit.SECONDS)) {
          throw new IOException("held too long");
        }
        out.write(body, body.length / 2, body.length - body.length / 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void listing(HttpExchange exchange, Path dir) throws IOException {
    StringBuilder html = new StringBuilder("<html><body><h1>Index</h1><a href=\"../\">../</a>\n");
    try (Stream<Path> files = Files.list(dir)) {
      files.sorted().forEach(p -> html.append("<a href=\"").append(p.getFileName()).append("\">")
          .append(p.getFileName()).append("</a>\n"));
    }
    byte[] body = html.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    held.values().forEach(CountDownLatch::countDown);
    server.stop(0);
  }
}
