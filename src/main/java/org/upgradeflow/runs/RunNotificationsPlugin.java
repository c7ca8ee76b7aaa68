package org.upgradeflow.runs;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.upgradeflow.gates.GateNotifications;

/** Puts {@link NotifyingFailedJobIncidentHandler} in place of Camunda's failed-job handler. */
@Component
class RunNotificationsPlugin extends AbstractProcessEnginePlugin {

  private final GateNotifications notifications;

  // lazy: the notifications reach beans that need the engine, which this plugin configures
  RunNotificationsPlugin(@Lazy GateNotifications notifications) {
    this.notifications = notifications;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<IncidentHandler> handlers = configuration.getCustomIncidentHandlers() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomIncidentHandlers());
    handlers.add(new NotifyingFailedJobIncidentHandler(notifications));
    configuration.setCustomIncidentHandlers(handlers);
  }
}
