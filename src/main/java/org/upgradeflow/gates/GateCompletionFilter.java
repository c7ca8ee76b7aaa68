package org.upgradeflow.gates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The completion contract at the door of both engine REST APIs ({@code /engine-rest} and the
 * webapps' own, where Tasklist submits its forms): a gate task is completed (complete,
 * submit-form, resolve) with {@code decision}, {@code reason} and the gate's declared inputs,
 * nothing else; anything more is refused with 400 naming the field and what is allowed. A gate
 * is never ended by a BPMN error or escalation thrown at its task (TASK_WORK would allow both,
 * and neither passes the gate's checks). The completion rules do not depend on this filter (see
 * {@link GateOrigin}); it keeps the Gate instance's state, deadlines and evidence out of reach.
 */
@Component
class GateCompletionFilter implements ContainerRequestFilter {

  static final List<String> CONTRACT = List.of(GateVariables.DECISION, GateVariables.REASON);
  private static final Pattern TASK_ACTION =
      Pattern.compile("(?:^|/)task/([^/]+)/(complete|submit-form|resolve|bpmnError|bpmnEscalation)/?$");

  private final ProcessEngine engine;
  private final GateProperties properties;
  private final ObjectMapper json = new ObjectMapper();

  GateCompletionFilter(ProcessEngine engine, GateProperties properties) {
    this.engine = engine;
    this.properties = properties;
  }

  @Override
  public void filter(ContainerRequestContext request) throws IOException {
    Matcher action = TASK_ACTION.matcher(request.getUriInfo().getPath());
    if (!"POST".equals(request.getMethod()) || !action.find()) {
      return;
    }
    // as the caller (the engine's authorizations apply): a task they may not see gets the engine's own answer
    Task task = engine.getTaskService().createTaskQuery().taskId(action.group(1)).processDefinitionKey("Gate")
        .singleResult();
    if (task == null) {
      return;
    }
    String gateId = gateId(task);
    if (action.group(2).startsWith("bpmn")) {
      throw new GateRefusedException("Gate " + gateId + " is decided by completing its task with "
          + String.join(", ", allowed(task, gateId)) + "; a BPMN error or escalation cannot end it");
    }
    byte[] body = request.getEntityStream().readAllBytes();
    request.setEntityStream(new ByteArrayInputStream(body));
    List<String> allowed = allowed(task, gateId);
    for (String name : variableNames(body)) {
      if (!allowed.contains(name)) {
        throw new GateRefusedException(name + ": not a completion variable of gate " + gateId
            + "; a completion carries only " + String.join(", ", allowed));
      }
    }
  }

  private List<String> allowed(Task task, String gateId) {
    List<String> allowed = new ArrayList<>(CONTRACT);
    if (!GateTaskListener.HOLD_TASK.equals(task.getTaskDefinitionKey())) {
      allowed.addAll(properties.forGate(gateId).inputs());
    }
    return allowed;
  }

  private String gateId(Task task) {
    var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getCommandExecutorTxRequired().execute(context ->
        GateOrigin.gateId(context.getExecutionManager().findExecutionById(task.getExecutionId())));
  }

  /** The variable names of a completion body ({@code {"variables": {...}}}); unreadable JSON is left to Jersey. */
  private List<String> variableNames(byte[] body) {
    List<String> names = new ArrayList<>();
    try {
      JsonNode variables = body.length == 0 ? null : json.readTree(body).get("variables");
      if (variables != null) {
        variables.fieldNames().forEachRemaining(names::add);
      }
    } catch (IOException e) {
      // not JSON: Camunda's resource answers it
    }
    return names;
  }
}
