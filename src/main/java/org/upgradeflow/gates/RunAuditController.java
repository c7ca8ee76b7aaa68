package org.upgradeflow.gates;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/runs/{id}/audit} (JSON) and {@code /api/runs/{id}/audit.csv}: who started,
 * approved, rejected, overrode, escalated, resumed or aborted what, when, why and on which
 * evidence. For any authenticated user whom the engine lets read the run's history.
 */
@RestController
class RunAuditController {

  static final List<String> CSV_COLUMNS = List.of("time", "event", "user", "gate", "processInstanceId", "taskId",
      "decision", "reason", "evidence", "detail");

  private final RunAudit audit;

  RunAuditController(RunAudit audit) {
    this.audit = audit;
  }

  @GetMapping(path = "/api/runs/{processInstanceId}/audit", produces = MediaType.APPLICATION_JSON_VALUE)
  RunAudit.Report json(@PathVariable String processInstanceId) {
    return audit.of(processInstanceId);
  }

  @GetMapping(path = "/api/runs/{processInstanceId}/audit.csv", produces = "text/csv")
  ResponseEntity<String> csv(@PathVariable String processInstanceId) {
    RunAudit.Report report = audit.of(processInstanceId);
    StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
    for (RunAudit.Event e : report.events()) {
      csv.append(Stream.of(e.time() == null ? null : e.time().toString(), e.event(), e.user(), e.gateId(),
          e.processInstanceId(), e.taskId(), e.decision(), e.reason(), e.evidence(), e.detail())
          .map(RunAuditController::cell).collect(Collectors.joining(","))).append("\r\n");
    }
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + processInstanceId + ".csv\"")
        .body(csv.toString());
  }

  /**
   * RFC 4180 quoting; a cell that a spreadsheet would run as a formula (=, +, -, @) gets a
   * leading apostrophe, since reasons are free text typed by users.
   */
  static String cell(String value) {
    if (value == null) {
      return "";
    }
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(value)) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  @ExceptionHandler(RunAudit.NotVisible.class)
  ResponseEntity<java.util.Map<String, String>> notVisible(RunAudit.NotVisible e) {
    return ResponseEntity.status(e.exists ? HttpStatus.FORBIDDEN : HttpStatus.NOT_FOUND)
        .contentType(MediaType.APPLICATION_JSON).body(java.util.Map.of("message", e.getMessage()));
  }
}
