package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upgradeflow.ServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

/** The 401/403/200 rules of REST, our API and actuator, over real HTTP. */
@ServiceTest
class ApiSecurityTest {

  @Autowired
  TestRestTemplate http;

  private HttpStatus get(String path, String user, String password) {
    TestRestTemplate client = user == null ? http : http.withBasicAuth(user, password);
    return HttpStatus.valueOf(client.getForEntity(path, String.class).getStatusCode().value());
  }

  @Test
  void engineRestRequiresAuthentication() {
    assertThat(get("/engine-rest/process-definition", null, null)).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/engine-rest/engine", null, null)).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/engine-rest/process-definition", "ops", "wrong")).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/engine-rest/process-definition", "nobody", "ops")).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/engine-rest/process-definition", "ops", "ops")).isEqualTo(HttpStatus.OK);
  }

  @Test
  void ourApiRequiresAuthentication() {
    assertThat(get("/api/environments", null, null)).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/api/environments", "cm", "wrong")).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/api/environments", "ops", "ops")).isEqualTo(HttpStatus.OK);
    assertThat(get("/api/environments/does-not-exist", "ops", "ops")).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void unauthenticatedAnswerAsksForBasicAuth() {
    var response = http.getForEntity("/api/environments", String.class);
    assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
  }

  @Test
  void healthIsPublicOtherActuatorEndpointsAreNot() {
    assertThat(get("/actuator/health", null, null)).isEqualTo(HttpStatus.OK);
    assertThat(get("/actuator/prometheus", null, null)).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(get("/actuator/prometheus", "ops", "ops")).isEqualTo(HttpStatus.OK);
    assertThat(get("/actuator/metrics", "ops", "ops")).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get("/actuator/metrics", "cm", "cm")).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(get("/actuator/metrics", "admin", "admin")).isEqualTo(HttpStatus.OK);
  }

  @Test
  void engineAuthorizationsApplyToRestCalls() {
    // ops has no READ on users: the engine filters the list down to the caller's own entry
    var users = http.withBasicAuth("ops", "ops").getForEntity("/engine-rest/user", Map[].class);
    assertThat(users.getBody()).extracting(u -> u.get("id")).containsExactly("ops");
    var all = http.withBasicAuth("admin", "admin").getForEntity("/engine-rest/user", Map[].class);
    assertThat(all.getBody()).extracting(u -> u.get("id")).contains("admin", "cm", "cm2", "ops", "esc");
  }

  @Test
  void webappsAreServedWithTheirOwnLogin() {
    var tasklist = http.getForEntity("/camunda/app/tasklist/default/", String.class);
    assertThat(tasklist.getStatusCode().value()).as(tasklist.getBody()).isEqualTo(200);
    // the admin exists, so the first-admin setup is closed
    var setup = http.postForEntity("/camunda/api/admin/setup/default/user/create",
        Map.of("profile", Map.of("id", "intruder"), "credentials", Map.of("password", "x")), String.class);
    assertThat(setup.getStatusCode().is2xxSuccessful()).isFalse();
  }
}
