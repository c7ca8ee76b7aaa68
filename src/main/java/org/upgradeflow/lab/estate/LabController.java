package org.upgradeflow.lab.estate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The lab control API (profile {@code lab}; security allows camunda-admin and change-managers):
 * list the estates, reset one to its initial state, read its truth.
 */
@RestController
@Profile("lab")
@RequestMapping("/lab/estates")
class LabController {

  private final LabEstates estates;

  LabController(LabEstates estates) {
    this.estates = estates;
  }

  @GetMapping
  List<Map<String, Object>> list() {
    return estates.all().stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.id());
      m.put("product", e.definition().product().name().toLowerCase());
      m.put("initialRelease", e.definition().release());
      m.put("hosts", e.hosts().size());
      m.put("database", e.database().map(d -> d.endpoint().host() + ":" + d.endpoint().port()).orElse(null));
      return m;
    }).toList();
  }

  @PostMapping("/{id}/reset")
  ResponseEntity<Map<String, Object>> reset(@PathVariable String id) {
    return estates.find(id).map(e -> {
      e.reset();
      return ResponseEntity.ok(Map.<String, Object>of("id", id, "reset", true));
    }).orElseGet(() -> notFound(id));
  }

  @GetMapping("/{id}/truth")
  ResponseEntity<Map<String, Object>> truth(@PathVariable String id) {
    return estates.find(id).map(e -> ResponseEntity.ok(e.truth())).orElseGet(() -> notFound(id));
  }

  private ResponseEntity<Map<String, Object>> notFound(String id) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "unknown lab estate '" + id + "'",
        "known", estates.all().stream().map(LabEstate::id).toList()));
  }
}
