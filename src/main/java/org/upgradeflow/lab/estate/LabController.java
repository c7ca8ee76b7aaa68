package org.upgradeflow.lab.estate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.context.annotation.Profile;
import org.upgradeflow.lab.cloudstack.CloudStackLab;
import org.upgradeflow.lab.host.Fault;
import org.upgradeflow.lab.host.FaultMatcher;
import org.upgradeflow.lab.host.LabHost;
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
 * list the estates, reset one to its initial state, read its truth; drive a CloudStack estate
 * (template downloads, host status, sysvmadm failures) and inject or clear host faults; for a
 * Usage Meter estate, connect/disconnect the CD-ROM, enable sshd from the console, fail the
 * upgrade (status Offline), give the appliance a wrong hostname.
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

  /**
   * Advances or completes the download of a 4.3 system VM template (CloudStack estates);
   * {@code DOWNLOAD_IN_PROGRESS} without {@code pct} starts it (at 0 %, moving on its own when
   * {@code upgradeflow.lab.timings.template-download} is set).
   */
  @PostMapping("/{id}/templates/{hypervisor}")
  ResponseEntity<Map<String, Object>> template(@PathVariable String id, @PathVariable String hypervisor,
      @RequestParam String state, @RequestParam(required = false) Integer pct) {
    return cloudStack(id, lab -> {
      int n = pct == null && "DOWNLOAD_IN_PROGRESS".equals(state) ? lab.startTemplateDownload(hypervisor)
          : lab.setTemplateDownload(hypervisor, state, pct != null ? pct : "DOWNLOADED".equals(state) ? 100 : 0);
      return n == 0 ? ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
          "no 4.3 system VM template registered for " + hypervisor))
          : ResponseEntity.ok(Map.of("hypervisor", hypervisor, "state", state, "rows", n));
    });
  }

  /** Sets the {@code host} table's status of a host (Up, Disconnected, Alert, ...). */
  @PostMapping("/{id}/hosts/{name}/status")
  ResponseEntity<Map<String, Object>> hostStatus(@PathVariable String id, @PathVariable String name,
      @RequestParam String value) {
    return cloudStack(id, lab -> {
      int n = lab.setHostStatus(name, value);
      return n == 0 ? ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no host row named " + name))
          : ResponseEntity.ok(Map.of("host", name, "status", value));
    });
  }

  /**
   * Injects a fault into a host's commands: kind fail|hang|drop (for {@code program}), unreachable,
   * disconnected (a KVM host's row stays Disconnected)
   * or repository (CloudStack: the package repository refuses this host's connections).
   */
  @PostMapping("/{id}/hosts/{name}/faults")
  ResponseEntity<Map<String, Object>> fault(@PathVariable String id, @PathVariable String name,
      @RequestParam(required = false) String program, @RequestParam String kind,
      @RequestParam(defaultValue = "1") int exitCode, @RequestParam(required = false) Integer times) {
    return estates.find(id).map(e -> {
      if (!e.hosts().containsKey(name)) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.<String, Object>of("error", "no host " + name));
      }
      LabHost host = e.host(name);
      if (kind.equals("disconnected")) {
        return staysDisconnected(e, name);
      }
      if (kind.equals("unreachable")) {
        host.setReachable(false);
        return ResponseEntity.ok(Map.<String, Object>of("host", name, "kind", kind));
      }
      if (kind.equals("repository")) {
        return cloudStack(id, lab -> {
          lab.cutRepository(name);
          return ResponseEntity.ok(Map.<String, Object>of("host", name, "kind", kind));
        });
      }
      Fault fault = switch (kind) {
        case "fail" -> Fault.fail(exitCode, "lab fault: " + (program == null ? "command" : program) + " failed\n");
        case "hang" -> Fault.hang();
        case "drop" -> Fault.drop();
        default -> null;
      };
      if (fault == null) {
        return ResponseEntity.badRequest().body(Map.<String, Object>of("error",
            "kind must be fail|hang|drop|unreachable|disconnected|repository, got '" + kind + "'"));
      }
      FaultMatcher matcher = program == null ? FaultMatcher.any() : FaultMatcher.program(program);
      if (times == null) {
        host.state().faults().inject(matcher, fault);
      } else {
        host.state().faults().inject(matcher, fault, times);
      }
      return ResponseEntity.ok(Map.<String, Object>of("host", name, "kind", kind, "program", program == null ? "*" : program));
    }).orElseGet(() -> notFound(id));
  }

  /** The fault "stays Disconnected" on a KVM host of a CloudStack estate. */
  private ResponseEntity<Map<String, Object>> staysDisconnected(LabEstate e, String name) {
    return CloudStackLab.of(e).map(lab -> {
      try {
        lab.setStaysDisconnected(name, true);
        return ResponseEntity.ok(Map.<String, Object>of("host", name, "kind", "disconnected"));
      } catch (IllegalArgumentException ex) {
        return ResponseEntity.badRequest().body(Map.<String, Object>of("error", ex.getMessage()));
      }
    }).orElseGet(() -> ResponseEntity.badRequest().body(Map.of("error", e.id() + " is not a CloudStack estate")));
  }

  /** Clears a host's faults and makes it reachable again. */
  @DeleteMapping("/{id}/hosts/{name}/faults")
  ResponseEntity<Map<String, Object>> clearFaults(@PathVariable String id, @PathVariable String name) {
    return estates.find(id).map(e -> {
      if (!e.hosts().containsKey(name)) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.<String, Object>of("error", "no host " + name));
      }
      e.host(name).state().faults().clear();
      e.host(name).setReachable(true);
      CloudStackLab.of(e).ifPresent(lab -> {
        lab.setStaysDisconnected(name, false);
        lab.restoreRepository(name);
      });
      return ResponseEntity.ok(Map.<String, Object>of("host", name, "cleared", true));
    }).orElseGet(() -> notFound(id));
  }

  /** Makes {@code cloudstack-sysvmadm} fail the system VM with this {@code vm_instance.id}. */
  @PostMapping("/{id}/sysvms/{vmId}/fail")
  ResponseEntity<Map<String, Object>> failSystemVm(@PathVariable String id, @PathVariable long vmId) {
    return cloudStack(id, lab -> {
      lab.failSystemVm(vmId);
      return ResponseEntity.ok(Map.of("vm", vmId, "fails", true));
    });
  }

  @DeleteMapping("/{id}/sysvms/faults")
  ResponseEntity<Map<String, Object>> clearSystemVmFaults(@PathVariable String id) {
    return cloudStack(id, lab -> {
      lab.clearSystemVmFaults();
      return ResponseEntity.ok(Map.of("cleared", true));
    });
  }

  private interface LabAction {
    ResponseEntity<Map<String, Object>> apply(CloudStackLab lab) throws Exception;
  }

  private ResponseEntity<Map<String, Object>> cloudStack(String id, LabAction action) {
    return estates.find(id).map(e -> CloudStackLab.of(e).map(lab -> {
      try {
        return action.apply(lab);
      } catch (Exception ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.<String, Object>of("error", String.valueOf(ex.getMessage())));
      }
    }).orElseGet(() -> ResponseEntity.badRequest().body(Map.of("error", id + " is not a CloudStack estate"))))
        .orElseGet(() -> notFound(id));
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
    return unknownEstate(estates, id);
  }

  /** 404 naming the estate and the known ones (also {@link LabTruthController}'s). */
  static ResponseEntity<Map<String, Object>> unknownEstate(LabEstates estates, String id) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "unknown lab estate '" + id + "'",
        "known", estates.all().stream().map(LabEstate::id).toList()));
  }
}
