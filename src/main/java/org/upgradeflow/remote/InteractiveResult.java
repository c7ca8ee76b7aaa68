package org.upgradeflow.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A finished interactive run.
 *
 * @param answered   rule name -> times answered, in the order first answered
 * @param transcript what the terminal showed (secret answers masked); bounded
 * @param exitStatus -1 when ended by a signal or by the connection ending
 * @param connectionEnded the connection ended after an answer whose rule allows it (a reboot)
 */
public record InteractiveResult(
    String host,
    String command,
    int exitStatus,
    String transcript,
    Map<String, Integer> answered,
    Duration duration,
    Path transcriptLog,
    boolean connectionEnded) {

  public InteractiveResult {
    answered = Map.copyOf(answered);
  }

  public boolean ok() {
    return exitStatus == 0;
  }
}
