package org.upgradeflow.runs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One upgrade run as an operator sees it.
 *
 * @param state    running, waiting, on-hold, failed, completed, aborted or rolled-back
 * @param gate     the gate it waits at (waiting / on-hold), else null
 * @param progress counters the steps publish: steps, hosts, systemVms → {done, total}
 */
public record RunView(String processInstanceId, String process, String environmentId, String path, String state,
    String gate, List<String> currentSteps, List<String> incidents, Map<String, Progress> progress,
    String startedBy, Instant started, Instant ended) {

  public record Progress(long done, long total) {
  }
}
