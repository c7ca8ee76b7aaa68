package org.upgradeflow.cloudstack;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.upgradeflow.clouddb.CloudDatabaseException;
import org.upgradeflow.clouddb.CloudDatabases;
import org.upgradeflow.environment.Environment;
import org.upgradeflow.environment.EnvironmentRegistry;
import org.upgradeflow.environment.Product;

/** Dry run: the plan of an upgrade of this estate, computed without changing anything. */
@RestController
class PlanController {

  private final EnvironmentRegistry environments;
  private final CloudDatabases databases;

  PlanController(EnvironmentRegistry environments, CloudDatabases databases) {
    this.environments = environments;
    this.databases = databases;
  }

  @GetMapping("/api/environments/{id}/plan")
  UpgradePlan plan(@PathVariable String id) {
    Environment env = environments.get(id);
    if (env.product() != Product.CLOUDSTACK) {
      throw new IllegalArgumentException("environmentId: " + id + " is a " + env.product().name().toLowerCase()
          + " environment; plans are rendered for CloudStack estates");
    }
    return PlanBuilder.plan(env, EstateFacts.read(databases.forEnvironment(env)));
  }

  @ExceptionHandler(EnvironmentRegistry.UnknownEnvironmentException.class)
  ResponseEntity<Map<String, String>> unknown(RuntimeException e) {
    return error(HttpStatus.NOT_FOUND, e);
  }

  @ExceptionHandler(UpgradePaths.UnsupportedSourceException.class)
  ResponseEntity<Map<String, String>> unsupported(RuntimeException e) {
    return error(HttpStatus.CONFLICT, e);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> badRequest(RuntimeException e) {
    return error(HttpStatus.BAD_REQUEST, e);
  }

  @ExceptionHandler({CloudDatabaseException.class, IllegalStateException.class})
  ResponseEntity<Map<String, String>> unreachable(RuntimeException e) {
    return error(HttpStatus.BAD_GATEWAY, e);
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, RuntimeException e) {
    return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
  }
}
