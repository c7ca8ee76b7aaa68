package org.upgradeflow.cloudstack;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.environment.Environment;

/**
 * One look at the database upgrade the first management server runs (a short job between two
 * timer waits, never a blocked thread). Done: {@code databaseUpgraded} true. Failed, or not done
 * by the deadline: the business error {@code DatabaseUpgradeFailed} with the log tail as evidence.
 */
@Component("checkDatabaseUpgrade")
class CheckDatabaseUpgradeStep implements JavaDelegate {

  static final String UPGRADED = "databaseUpgraded";
  static final String STATE = "databaseUpgradeState";
  static final String DEADLINE = "databaseUpgradeDeadline";
  static final String ERROR = "DatabaseUpgradeFailed";

  private final PathRun run;
  private final PathHosts hosts;
  private final DatabaseUpgradeWatch watch;
  private final PathProperties properties;

  CheckDatabaseUpgradeStep(PathRun run, PathHosts hosts, DatabaseUpgradeWatch watch, PathProperties properties) {
    this.run = run;
    this.hosts = hosts;
    this.watch = watch;
    this.properties = properties;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = run.environment(execution);
    boolean late = PollDeadline.passed(execution, DEADLINE, properties.databaseUpgradeTimeout());
    String first = hosts.firstManagementServer(env.id());
    DatabaseUpgradeWatch.Observation seen = watch.observe(env, env.host(first).orElseThrow());
    execution.setVariable(STATE, seen.state().name().toLowerCase());
    switch (seen.state()) {
      case COMPLETED -> execution.setVariable(UPGRADED, true);
      case FAILED -> fail(execution, "database upgrade on " + first + " failed: " + String.join("; ", seen.failure())
          + " (version table: " + seen.databaseVersion() + ", code: " + seen.codeVersion() + ")", seen.logTail());
      default -> {
        if (late) {
          fail(execution, "database upgrade on " + first + " did not finish within "
              + properties.databaseUpgradeTimeout() + " (version table: " + seen.databaseVersion() + ", code: "
              + seen.codeVersion() + ", log: " + seen.state().name().toLowerCase() + ")", seen.logTail());
        }
        execution.setVariable(UPGRADED, false);
      }
    }
  }

  private static void fail(DelegateExecution execution, String summary, String logTail) {
    Failures.record(execution, summary, logTail);
    throw new BpmnError(ERROR, summary);
  }
}
