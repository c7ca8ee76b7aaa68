package org.upgradeflow.runs;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RunController {

  private static final int MAX_RUNS = 200;

  private final RunStates runs;

  RunController(RunStates runs) {
    this.runs = runs;
  }

  @GetMapping("/api/runs")
  List<RunView> list(@RequestParam(required = false) String environmentId) {
    return runs.list(environmentId, MAX_RUNS);
  }

  @GetMapping("/api/runs/{processInstanceId}")
  RunView one(@PathVariable String processInstanceId) {
    return runs.get(processInstanceId);
  }

  @ExceptionHandler(RunStates.UnknownRunException.class)
  ResponseEntity<Map<String, String>> unknown(RuntimeException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
  }
}
