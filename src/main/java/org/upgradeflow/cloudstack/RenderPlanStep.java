package org.upgradeflow.cloudstack;

import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;

/** Renders the plan of this run (secrets masked) for the change managers to approve. */
@Component("renderPlan")
class RenderPlanStep implements JavaDelegate {

  private final EnvironmentRegistry environments;
  private final CloudDatabases databases;

  RenderPlanStep(EnvironmentRegistry environments, CloudDatabases databases) {
    this.environments = environments;
    this.databases = databases;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Environment env = environments.get((String) execution.getVariable(UpgradeVariables.ENVIRONMENT_ID));
    UpgradePlan plan = PlanBuilder.plan(env, EstateFacts.read(databases.forEnvironment(env)));
    execution.setVariable(UpgradeVariables.STEPS_TOTAL, (long) plan.steps().size());
    execution.setVariable(UpgradeVariables.PLAN_STEP_IDS, plan.steps().stream().map(UpgradePlan.Step::id)
        .collect(Collectors.joining(",")));
    // one line per step; every command of every host is in the plan API
    execution.setVariable(UpgradeVariables.PLAN_SUMMARY, UpgradeVariables.fitted(plan.steps().stream()
        .map(s -> s.number() + ". " + s.title() + " (" + s.actions().stream().map(UpgradePlan.Action::host)
            .distinct().collect(Collectors.joining(", ")) + ")")
        .collect(Collectors.joining("\n")), "GET /api/environments/" + env.id() + "/plan"));
  }
}
