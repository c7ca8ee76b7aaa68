package org.upgradeflow.lab.estate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.upgradeflow.lab.host.LabHostState;

/**
 * The lab API's reads of an estate's truth beyond {@code /truth}: a host's file (content) or
 * directory (listing), and the rows of a table of the estate's own databases. Under
 * {@code /lab/**}, so the same roles as the rest of the lab API (camunda-admin, change-managers).
 */
@RestController
@Profile("lab")
@RequestMapping("/lab/estates/{id}")
class LabTruthController {

  private final LabEstates estates;

  LabTruthController(LabEstates estates) {
    this.estates = estates;
  }

  /** {@code ?path=/etc/...}: a file's content, size and permissions, or a directory's entries. */
  @GetMapping("/hosts/{host}/files")
  ResponseEntity<Map<String, Object>> file(@PathVariable String id, @PathVariable String host,
      @RequestParam String path) throws IOException {
    LabEstate estate = estates.find(id).orElse(null);
    if (estate == null) {
      return LabController.unknownEstate(estates, id);
    }
    if (!estate.hosts().containsKey(host)) {
      return error(HttpStatus.NOT_FOUND, "estate " + id + " has no host " + host + "; hosts: "
          + estate.hosts().keySet().stream().sorted().toList());
    }
    if (!path.startsWith("/")) {
      return error(HttpStatus.BAD_REQUEST, "path must be absolute (start with /), got '" + path + "'");
    }
    LabHostState state = estate.host(host).state();
    Path p = state.path(path).normalize();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("host", host);
    body.put("path", p.toString());
    if (Files.isDirectory(p)) {
      body.put("type", "directory");
      try (Stream<Path> entries = Files.list(p)) {
        body.put("entries", entries.map(this::entry).sorted((a, b) -> a.get("name").toString()
            .compareTo(b.get("name").toString())).toList());
      }
      return ResponseEntity.ok(body);
    }
    if (!Files.isRegularFile(p)) {
      return error(HttpStatus.NOT_FOUND, "no file or directory " + p + " on " + host);
    }
    body.put("type", "file");
    body.put("size", Files.size(p));
    body.put("permissions", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    // the lab's files are text (configuration, logs, scripts); a stray byte shows as U+FFFD
    body.put("content", new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
    return ResponseEntity.ok(body);
  }

  private Map<String, Object> entry(Path p) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", p.getFileName().toString());
    e.put("type", Files.isSymbolicLink(p) ? "link"
        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "directory" : "file");
    return e;
  }

  /** {@code ?database=cloud|cloud_usage} (default {@code cloud}): every row of the table. */
  @GetMapping("/db/{table}")
  ResponseEntity<Map<String, Object>> rows(@PathVariable String id, @PathVariable String table,
      @RequestParam(defaultValue = "cloud") String database) throws SQLException {
    LabEstate estate = estates.find(id).orElse(null);
    if (estate == null) {
      return LabController.unknownEstate(estates, id);
    }
    if (estate.database().isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, "estate " + id + " has no lab database (Usage Meter, or started without one)");
    }
    List<Map<String, Object>> rows;
    try {
      rows = estate.database().get().rows(database, table);
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("database", database);
    body.put("table", table);
    body.put("rows", rows);
    return ResponseEntity.ok(body);
  }

  private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("error", message));
  }
}
