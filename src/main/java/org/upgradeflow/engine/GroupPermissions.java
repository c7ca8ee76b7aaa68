package org.upgradeflow.engine;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Permissions.ACCESS;
import static org.camunda.bpm.engine.authorization.Permissions.ALL;
import static org.camunda.bpm.engine.authorization.Permissions.CREATE;
import static org.camunda.bpm.engine.authorization.Permissions.CREATE_INSTANCE;
import static org.camunda.bpm.engine.authorization.Permissions.READ;
import static org.camunda.bpm.engine.authorization.Permissions.READ_HISTORY;
import static org.camunda.bpm.engine.authorization.Permissions.READ_INSTANCE;
import static org.camunda.bpm.engine.authorization.Permissions.READ_TASK;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;

/**
 * What each group may do, as engine authorizations. Gate tasks are worked through the
 * candidate-group link (TASK_WORK, see application.yaml), never through a blanket grant, so
 * nobody outside a gate's candidates can complete it. Nobody but admins gets UPDATE_INSTANCE:
 * process instance modification would let a user skip a gate.
 */
final class GroupPermissions {

  record Grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
  }

  private GroupPermissions() {
  }

  static List<Grant> all() {
    List<Grant> grants = new ArrayList<>();
    for (Resources resource : Resources.values()) {
      grants.add(new Grant(Groups.ADMIN, resource, ANY, ALL));
    }
    for (String group : List.of(Groups.CHANGE_MANAGERS, Groups.OPERATORS, Groups.ESCALATION_MANAGERS)) {
      grants.add(new Grant(group, Resources.APPLICATION, "tasklist", ACCESS));
      grants.add(new Grant(group, Resources.APPLICATION, "cockpit", ACCESS));
      grants.add(new Grant(group, Resources.DEPLOYMENT, ANY, READ));
      grants.add(new Grant(group, Resources.PROCESS_DEFINITION, ANY,
          READ, READ_INSTANCE, READ_HISTORY, READ_TASK));
      grants.add(new Grant(group, Resources.PROCESS_INSTANCE, ANY, READ));
    }
    for (String starter : List.of(Groups.CHANGE_MANAGERS, Groups.OPERATORS)) {
      grants.add(new Grant(starter, Resources.PROCESS_DEFINITION, ANY, CREATE_INSTANCE));
      grants.add(new Grant(starter, Resources.PROCESS_INSTANCE, ANY, CREATE));
    }
    // operators retry failed jobs (incidents) in Cockpit; RETRY_JOB is exactly that right
    grants.add(new Grant(Groups.OPERATORS, Resources.PROCESS_DEFINITION, ANY,
        ProcessDefinitionPermissions.RETRY_JOB));
    grants.add(new Grant(Groups.OPERATORS, Resources.PROCESS_INSTANCE, ANY,
        ProcessInstancePermissions.RETRY_JOB));
    return grants;
  }

  static List<String> filterReaders() {
    return List.of(Groups.CHANGE_MANAGERS, Groups.OPERATORS, Groups.ESCALATION_MANAGERS);
  }
}
