package org.upgradeflow.engine;

import java.util.Arrays;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * HTTP Basic against the engine's users for the engine REST API, our API, the lab API and
 * actuator. Camunda's webapps (Tasklist, Cockpit, Admin) keep their own session login and
 * CSRF protection, so no chain matches them here.
 */
@Configuration
@EnableWebSecurity
class ApiSecurityConfiguration {

  private static final String ADMIN = EngineUserAuthenticationProvider.GROUP_PREFIX + Groups.ADMIN;
  private static final String CHANGE_MANAGER = EngineUserAuthenticationProvider.GROUP_PREFIX + Groups.CHANGE_MANAGERS;

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, EngineUserAuthenticationProvider users, ProcessEngine engine)
      throws Exception {
    // path patterns on the whole path: /engine-rest is Jersey's servlet, not Spring MVC's
    http.securityMatcher(any("/engine-rest/**", "/api/**", "/actuator/**", "/lab/**"))
        .authenticationProvider(users)
        .authorizeHttpRequests(auth -> auth
            .requestMatchers(any("/actuator/health", "/actuator/health/**")).permitAll()
            .requestMatchers(any("/actuator/prometheus")).authenticated()
            .requestMatchers(any("/actuator/**")).hasAuthority(ADMIN)
            .requestMatchers(any("/lab/**")).hasAnyAuthority(ADMIN, CHANGE_MANAGER)
            .anyRequest().authenticated())
        .httpBasic(basic -> basic.realmName("UpgradeFlow"))
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterAfter(new EngineAuthenticationFilter(engine.getIdentityService()), AuthorizationFilter.class);
    return http.build();
  }

  private static RequestMatcher any(String... patterns) {
    return new OrRequestMatcher(Arrays.stream(patterns)
        .map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(p)).toList());
  }
}
