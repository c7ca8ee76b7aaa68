package org.upgradeflow.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.upgradeflow.UpgradeFlowApplication;

/**
 * A service instance of a test's own next to the shared test context, for restart tests: its
 * own engine name, its engine database in an H2 file that outlives the instance (a new instance
 * on the same file is the same service restarted), the job executor off (the test drives jobs
 * with {@link JobDriver}) and no webapp (closing a context with one breaks the webapp of
 * another context in the JVM: Camunda's webapps keep static state).
 */
public final class ServiceContexts {

  private ServiceContexts() {
  }

  /** Starts an instance; {@code extraArguments} are further {@code --name=value} settings. */
  public static ConfigurableApplicationContext start(String engineName, Path engineDatabase, String... extraArguments) {
    List<String> arguments = new ArrayList<>(List.of("--server.port=0",
        "--camunda.bpm.process-engine-name=" + engineName,
        "--camunda.bpm.job-execution.enabled=false",
        "--camunda.bpm.webapp.enabled=false",
        "--spring.datasource.url=jdbc:h2:file:" + engineDatabase.toAbsolutePath()
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000"));
    arguments.addAll(List.of(extraArguments));
    return new SpringApplicationBuilder(UpgradeFlowApplication.class).profiles("test", "lab-users")
        .run(arguments.toArray(String[]::new));
  }
}
