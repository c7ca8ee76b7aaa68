package org.upgradeflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.upgradeflow.ServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

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

  /** Logs in as the browser does: fetch a page for the CSRF cookie, then post the login form. */
  private int webappLogin(String app, String user, String password) {
    var page = http.getForEntity("/camunda/app/" + app + "/default/", String.class);
    String session = page.getHeaders().get(HttpHeaders.SET_COOKIE).stream()
        .map(c -> c.split(";", 2)[0]).reduce((a, b) -> a + "; " + b).orElseThrow();
    String token = page.getHeaders().get(HttpHeaders.SET_COOKIE).stream()
        .filter(c -> c.startsWith("XSRF-TOKEN=")).map(c -> c.split(";", 2)[0].substring(11)).findFirst().orElseThrow();
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.COOKIE, session);
    headers.set("X-XSRF-TOKEN", token);
    headers.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
    MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
    form.add("username", user);
    form.add("password", password);
    return http.postForEntity("/camunda/api/admin/auth/user/default/login/" + app,
        new HttpEntity<>(form, headers), String.class).getStatusCode().value();
  }

  @Test
  void webappLoginFollowsTheGroups() {
    assertThat(webappLogin("cockpit", "admin", "admin")).isEqualTo(200);
    assertThat(webappLogin("tasklist", "admin", "admin")).isEqualTo(200);
    assertThat(webappLogin("admin", "admin", "admin")).isEqualTo(200);
    assertThat(webappLogin("tasklist", "cm", "cm")).isEqualTo(200);
    assertThat(webappLogin("cockpit", "ops", "ops")).isEqualTo(200);
    assertThat(webappLogin("tasklist", "esc", "esc")).isEqualTo(200);
    assertThat(webappLogin("admin", "ops", "ops")).isEqualTo(403);
    assertThat(webappLogin("cockpit", "cm2", "wrong")).isEqualTo(401);
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
