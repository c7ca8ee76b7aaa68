package org.upgradeflow.engine;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Creates the groups, the configured users, their memberships, the groups' authorizations and
 * the Tasklist filters at every start. Runs before the web server accepts requests, so
 * Camunda's first-admin setup page is never open. Idempotent: nodes sharing one database may
 * run it concurrently at start; each item is checked before it is created.
 */
@Component
class IdentitySeeder implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(IdentitySeeder.class);
  private static final Map<String, String> GROUP_NAMES = Map.of(
      Groups.ADMIN, "UpgradeFlow administrators",
      Groups.CHANGE_MANAGERS, "Change managers",
      Groups.OPERATORS, "Operators",
      Groups.ESCALATION_MANAGERS, "Escalation managers");

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final SecurityProperties properties;
  private final UserPasswordPolicy passwordPolicy;

  IdentitySeeder(ProcessEngine engine, SecurityProperties properties, UserPasswordPolicy passwordPolicy) {
    this.identity = engine.getIdentityService();
    this.authorizations = engine.getAuthorizationService();
    this.filters = engine.getFilterService();
    this.tasks = engine.getTaskService();
    this.properties = properties;
    this.passwordPolicy = passwordPolicy;
  }

  @Override
  public void afterPropertiesSet() {
    passwordPolicy.check(properties.users());
    GROUP_NAMES.forEach(this::ensureGroup);
    properties.users().forEach(this::ensureUser);
    GroupPermissions.all().forEach(this::ensureGrant);
    ensureFilters();
    log.info("Identity seeded: {} users, {} groups", properties.users().size(), GROUP_NAMES.size());
  }

  private void ensureGroup(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(name);
      group.setType(Groups.ADMIN.equals(id) ? "SYSTEM" : "WORKFLOW");
      identity.saveGroup(group);
    }
  }

  private void ensureUser(SecurityProperties.UserEntry entry) {
    User user = identity.createUserQuery().userId(entry.id()).singleResult();
    if (user == null) {
      user = identity.newUser(entry.id());
    }
    user.setFirstName(entry.firstName() == null ? entry.id() : entry.firstName());
    user.setLastName(entry.lastName() == null ? "" : entry.lastName());
    user.setEmail(entry.email());
    // setting the password every start makes a rotated password in config take effect
    user.setPassword(entry.password());
    identity.saveUser(user);

    Set<String> wanted = new HashSet<>(entry.groups());
    Set<String> current = identity.createGroupQuery().groupMember(entry.id()).list().stream()
        .map(Group::getId).collect(Collectors.toSet());
    for (String group : wanted) {
      if (!GROUP_NAMES.containsKey(group)) {
        ensureGroup(group, group);
      }
      if (!current.contains(group)) {
        identity.createMembership(entry.id(), group);
      }
    }
    for (String group : current) {
      if (!wanted.contains(group)) {
        identity.deleteMembership(entry.id(), group);
      }
    }
  }

  private void ensureGrant(GroupPermissions.Grant grant) {
    Authorization existing = authorizations.createAuthorizationQuery()
        .groupIdIn(grant.groupId())
        .resourceType(grant.resource())
        .resourceId(grant.resourceId())
        .authorizationType(Authorization.AUTH_TYPE_GRANT)
        .singleResult();
    Authorization authorization = existing;
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      authorization.setGroupId(grant.groupId());
      authorization.setResource(grant.resource());
      authorization.setResourceId(grant.resourceId());
    }
    boolean changed = existing == null;
    for (var permission : grant.permissions()) {
      if (!authorization.isPermissionGranted(permission)) {
        authorization.addPermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizations.saveAuthorization(authorization);
    }
  }

  private void ensureFilters() {
    ensureFilter("My gates", -10, tasks.createTaskQuery()
        .taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks());
    ensureFilter("All open gates", 0, tasks.createTaskQuery());
  }

  private void ensureFilter(String name, int priority, TaskQuery query) {
    Filter filter = filters.createFilterQuery().filterName(name).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(name)
          .setOwner(null)
          .setQuery(query)
          .setProperties(Map.of("priority", priority, "autoRefresh", true,
              "description", "UpgradeFlow " + name.toLowerCase()));
      filters.saveFilter(filter);
    }
    for (String group : GroupPermissions.filterReaders()) {
      ensureGrant(new GroupPermissions.Grant(group, Resources.FILTER, filter.getId(), Permissions.READ));
    }
  }
}
