package org.upgradeflow.gates;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandlerHelper;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * Camunda's REST exception mapping, plus one rule: a request the service refused (a gate
 * completion, a run's start) answers 400 with the refusal's message. The engine wraps an exception thrown by a task listener in a
 * plain ProcessEngineException ("Exception while invoking TaskListener"), and the task resource
 * wraps that in a RestException with status 500; the refusal is their root cause.
 */
final class GateRefusalExceptionMapper {

  private GateRefusalExceptionMapper() {
  }

  static Response toResponse(Throwable exception) {
    RequestRefusedException refusal = refusal(exception);
    if (refusal == null) {
      return ExceptionHandlerHelper.getInstance().getResponse(exception);
    }
    ExceptionDto dto = new ExceptionDto();
    dto.setType(refusal.getClass().getSimpleName());
    dto.setMessage(refusal.getMessage());
    return Response.status(Response.Status.BAD_REQUEST).entity(dto).type(MediaType.APPLICATION_JSON_TYPE).build();
  }

  static RequestRefusedException refusal(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RequestRefusedException refused) {
        return refused;
      }
    }
    return null;
  }

  /** Replaces Camunda's ProcessEngineExceptionHandler. */
  @Provider
  public static class ForEngineExceptions implements ExceptionMapper<ProcessEngineException> {
    @Override
    public Response toResponse(ProcessEngineException exception) {
      return GateRefusalExceptionMapper.toResponse(exception);
    }
  }

  /** Replaces Camunda's RestExceptionHandler. */
  @Provider
  public static class ForRestExceptions implements ExceptionMapper<RestException> {
    @Override
    public Response toResponse(RestException exception) {
      return GateRefusalExceptionMapper.toResponse(exception);
    }
  }
}
