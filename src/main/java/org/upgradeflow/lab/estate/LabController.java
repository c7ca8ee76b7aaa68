package org.upgradeflow.lab.estate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.upgradeflow.environment.Product;
import org.upgradeflow.lab.host.LabHostState;
import org.upgradeflow.lab.usagemeter.UsageMeterConsole;

/**
 * The lab control API (profile {@code lab}; security allows camunda-admin and change-managers):
 * list the estates, reset one to its initial state, read its truth; for a Usage Meter estate,
 * connect/disconnect the CD-ROM, enable sshd from the console, fail the upgrade (status
 * Offline), give the appliance a wrong hostname.
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

  /** vSphere: connect the appliance's CD-ROM to an upgrade ISO ({@code ?iso=Usage_Meter_Agent-4.7.0.0-<BUILD>_Upgrade.iso}). */
  @PostMapping("/{id}/usage-meter/cdrom")
  ResponseEntity<Map<String, Object>> connectCdrom(@PathVariable String id, @RequestParam String iso) {
    try {
      return appliance(id, h -> UsageMeterConsole.connectCdrom(h, iso), "cdrom", iso);
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
  }

  @DeleteMapping("/{id}/usage-meter/cdrom")
  ResponseEntity<Map<String, Object>> disconnectCdrom(@PathVariable String id) {
    return appliance(id, UsageMeterConsole::disconnectCdrom, "cdrom", "disconnected");
  }

  /** Console: {@code systemctl enable sshd; systemctl start sshd}. */
  @PostMapping("/{id}/usage-meter/sshd/enable")
  ResponseEntity<Map<String, Object>> enableSshd(@PathVariable String id) {
    return appliance(id, UsageMeterConsole::enableSshd, "sshd", "enabled");
  }

  /** Fault: the upgrade failed, status.sh says Offline until a reset. */
  @PostMapping("/{id}/usage-meter/offline")
  ResponseEntity<Map<String, Object>> offline(@PathVariable String id) {
    return appliance(id, UsageMeterConsole::failUpgrade, "status", "Offline");
  }

  /** Console: a hostname other than the one the certificate names ({@code ?hostname=...}). */
  @PostMapping("/{id}/usage-meter/hostname")
  ResponseEntity<Map<String, Object>> hostname(@PathVariable String id, @RequestParam String hostname) {
    try {
      return appliance(id, h -> UsageMeterConsole.setHostname(h, hostname), "hostname", hostname);
    } catch (IllegalArgumentException e) {
      return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
  }

  private ResponseEntity<Map<String, Object>> appliance(String id, Consumer<LabHostState> action, String key,
      String value) {
    return estates.find(id).map(e -> {
      if (e.definition().product() != Product.USAGEMETER) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.<String, Object>of("error", id + " is not a Usage Meter estate"));
      }
      action.accept(e.host("um1").state());
      return ResponseEntity.ok(Map.<String, Object>of("id", id, key, value));
    }).orElseGet(() -> notFound(id));
  }

  private ResponseEntity<Map<String, Object>> notFound(String id) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "unknown lab estate '" + id + "'",
        "known", estates.all().stream().map(LabEstate::id).toList()));
  }
}
