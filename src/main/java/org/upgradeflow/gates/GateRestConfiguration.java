package org.upgradeflow.gates;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.camunda.bpm.webapp.impl.engine.EngineRestApplication;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Both engine REST APIs answer a refused gate completion with 400 and the refusal's message:
 * the public one ({@code /engine-rest}) and the webapps' own ({@code /camunda/api/engine}, where
 * Tasklist submits its forms). In each, Camunda's ProcessEngineException and RestException mappers
 * are replaced by {@link GateRefusalExceptionMapper} (which delegates to Camunda's helper for
 * everything but a gate refusal). Replacing rather than adding keeps the choice of mapper
 * deterministic: JAX-RS picks among mappers of the same exception type by priority. Both also
 * run {@link GateCompletionFilter}.
 */
@Configuration(proxyBeanMethods = false)
class GateRestConfiguration {

  private static final Set<Class<?>> REPLACED = Set.of(ProcessEngineExceptionHandler.class, RestExceptionHandler.class);
  private static final Set<Class<?>> MAPPERS = Set.of(GateRefusalExceptionMapper.ForEngineExceptions.class,
      GateRefusalExceptionMapper.ForRestExceptions.class);

  @Bean
  CamundaJerseyResourceConfig camundaJerseyResourceConfig(GateCompletionFilter completions) {
    return new CamundaJerseyResourceConfig() {
      @Override
      protected void registerCamundaRestResources() {
        registerClasses(CamundaRestResources.getResourceClasses());
        registerClasses(CamundaRestResources.getConfigurationClasses().stream()
            .filter(c -> !REPLACED.contains(c))
            .collect(Collectors.toSet()));
        registerClasses(MAPPERS);
        register(completions);
        register(org.glassfish.jersey.jackson.JacksonFeature.class);
      }
    };
  }

  /**
   * The webapps' engine API under the servlet name Camunda's webapp initializer uses ("Engine
   * Api"): registered first, so the initializer finds the name taken and keeps this one.
   */
  @Bean
  // only with the webapps: their initializer also maps the authentication filters onto this path
  @ConditionalOnProperty(prefix = "camunda.bpm.webapp", name = "enabled", havingValue = "true", matchIfMissing = true)
  ServletRegistrationBean<ServletContainer> webappEngineApi(CamundaBpmProperties camunda,
      GateCompletionFilter completions) {
    String path = camunda.getWebapp().getApplicationPath();
    ServletRegistrationBean<ServletContainer> api = new ServletRegistrationBean<>(
        new ServletContainer(ResourceConfig.forApplication(new WebappEngineRestApplication(completions))),
        path + "/api/engine/*");
    api.setName("Engine Api");
    api.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return api;
  }

  /** Camunda's webapp engine API with the gate-aware mappers and the gate completion filter. */
  static class WebappEngineRestApplication extends EngineRestApplication {
    private final GateCompletionFilter completions;

    WebappEngineRestApplication(GateCompletionFilter completions) {
      this.completions = completions;
    }

    @Override
    public Set<Class<?>> getClasses() {
      Set<Class<?>> classes = new HashSet<>(super.getClasses());
      classes.removeAll(REPLACED);
      classes.addAll(MAPPERS);
      return classes;
    }

    @Override
    public Set<Object> getSingletons() {
      return Set.of(completions);
    }
  }
}
