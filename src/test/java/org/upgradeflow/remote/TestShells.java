package org.upgradeflow.remote;

import java.nio.file.Path;
import java.time.Duration;

/** Test settings: short durations, files under the test's temp directory. */
final class TestShells {

  private TestShells() {
  }

  static SshProperties props(Path tmp) {
    return new SshProperties(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(5),
        tmp.resolve("step-logs"), 64 * 1024, tmp.resolve("jobs").toString(), Duration.ofMillis(200));
  }

  static SshjRemoteShell shell(Path tmp) {
    return new SshjRemoteShell(props(tmp));
  }
}
