package org.upgradeflow.gates;

import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine REST API (/engine-rest) as the starter configures it, with Camunda's
 * ProcessEngineException and RestException mappers replaced by {@link GateRefusalExceptionMapper}
 * (which delegates to Camunda's helper for everything but a gate refusal). Replacing rather than adding keeps the choice
 * of mapper deterministic: JAX-RS picks among mappers of the same exception type by priority.
 */
@Configuration(proxyBeanMethods = false)
class GateRestConfiguration {

  private static final Set<Class<?>> REPLACED = Set.of(ProcessEngineExceptionHandler.class, RestExceptionHandler.class);

  @Bean
  CamundaJerseyResourceConfig camundaJerseyResourceConfig() {
    return new CamundaJerseyResourceConfig() {
      @Override
      protected void registerCamundaRestResources() {
        registerClasses(CamundaRestResources.getResourceClasses());
        registerClasses(CamundaRestResources.getConfigurationClasses().stream()
            .filter(c -> !REPLACED.contains(c))
            .collect(Collectors.toSet()));
        register(GateRefusalExceptionMapper.ForEngineExceptions.class);
        register(GateRefusalExceptionMapper.ForRestExceptions.class);
        register(org.glassfish.jersey.jackson.JacksonFeature.class);
      }
    };
  }
}
