package org.upgradeflow.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.upgradeflow.UpgradeFlowApplication;

/**
 * The service as a child JVM ({@code java -cp <this JVM's classpath> UpgradeFlowApplication}),
 * for kill tests: {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()}), no shutdown
 * hook runs, the engine's jobs stay locked by the dead node until their lock expires. Output
 * goes to a log file per start. The caller gives the arguments (engine name, engine database,
 * environments directory, …); the HTTP port is chosen here and fixed for the object's life.
 */
public final class ServiceProcess implements AutoCloseable {

  private final List<String> arguments;
  private final Path logDir;
  private final int port;
  private Process process;
  private Path log;
  private int starts;

  public ServiceProcess(Path logDir, List<String> arguments) throws IOException {
    this.logDir = logDir;
    this.arguments = List.copyOf(arguments);
    try (ServerSocket socket = new ServerSocket(0)) {
      this.port = socket.getLocalPort();
    }
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** Starts the JVM and waits (bounded) until its health endpoint answers UP. */
  public void start(Duration startTimeout) throws IOException, InterruptedException {
    launch();
    awaitUp(startTimeout);
  }

  /**
   * Starts the JVM without waiting: its job executor may take up the runs before the HTTP port
   * opens, so a test that watches the lab for its next kill must not wait for the port first.
   */
  public void launch() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the service process runs already (pid " + process.pid() + ")");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
        "-cp", classPath(), UpgradeFlowApplication.class.getName(),
        "--server.port=" + port));
    command.addAll(arguments);
    Path log = logDir.resolve("service-" + (++starts) + ".log");
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    this.log = log;
  }

  /** Waits (bounded) until the health endpoint answers UP. */
  public void awaitUp(Duration startTimeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service process ended with exit code " + process.exitValue()
            + " while starting; its log ends:\n" + tail(log));
      }
      try {
        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("UP")) {
          return;
        }
      } catch (IOException notYetListening) {
        // the port opens late in the start
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the service process did not answer on " + baseUrl() + " within "
        + startTimeout + "; its log ends:\n" + tail(log));
  }

  /** The log's last lines (the temporary directory is gone when a report is read). */
  private static String tail(Path log) throws IOException {
    List<String> lines = java.nio.file.Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /**
   * This JVM's classpath without empty entries: failsafe's ends with one, which a JVM reads as
   * the working directory, and the project's own bpmn/ would then be deployed twice.
   */
  private static String classPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> !e.isBlank()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /** SIGKILL: the JVM ends at once, in the middle of whatever it does. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
