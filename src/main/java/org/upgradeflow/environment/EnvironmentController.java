package org.upgradeflow.environment;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/environments")
class EnvironmentController {

  private final EnvironmentRegistry registry;

  EnvironmentController(EnvironmentRegistry registry) {
    this.registry = registry;
  }

  @GetMapping
  List<EnvironmentView> list() {
    return registry.all().stream().map(EnvironmentView::of).toList();
  }

  @GetMapping("/invalid")
  List<Map<String, Object>> invalid() {
    return registry.invalid().stream()
        .map(e -> Map.<String, Object>of("file", e.file(), "problems", e.problems())).toList();
  }

  @GetMapping("/{id}")
  EnvironmentView one(@PathVariable String id) {
    return EnvironmentView.of(registry.get(id));
  }

  @ExceptionHandler(EnvironmentRegistry.UnknownEnvironmentException.class)
  ResponseEntity<Map<String, String>> unknown(EnvironmentRegistry.UnknownEnvironmentException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
  }
}
