package org.upgradeflow.environment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed, validating access to one YAML mapping. Problems are collected (not thrown) so that an
 * operator sees every mistake of a file at once, each as {@code field.path: what was expected}.
 * Values are never echoed for fields that may hold secrets.
 */
final class Fields {

  private static final Pattern HOST_NAME = Pattern.compile(
      "^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}$");
  private static final Pattern USER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.@-]{0,63}$");
  private static final Pattern URL = Pattern.compile("^https?://[^\\s'\"`$;|&<>\\\\]+$");

  private final Map<String, Object> map;
  private final String path;
  private final List<String> problems;
  private final MasterCipher cipher;

  Fields(Map<String, Object> map, String path, List<String> problems, MasterCipher cipher) {
    this.map = map;
    this.path = path;
    this.problems = problems;
    this.cipher = cipher;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  void problem(String key, String message) {
    problems.add(path(key) + ": " + message);
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  /** Reports keys outside {@code allowed}: a typo must not silently drop a setting. */
  void allowOnly(Set<String> allowed) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        problem(key, "unknown field; expected one of " + new TreeSet<>(allowed));
      }
    }
  }

  String string(String key, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) {
        problem(key, "is required");
      }
      return null;
    }
    if (value instanceof Map || value instanceof List) {
      problem(key, "expected a single value, found a " + (value instanceof Map ? "mapping" : "list"));
      return null;
    }
    String text = value.toString().trim();
    if (text.isEmpty() && required) {
      problem(key, "is required and must not be empty");
      return null;
    }
    return text;
  }

  String hostName(String key, boolean required) {
    String value = string(key, required);
    if (value != null && !HOST_NAME.matcher(value).matches() && !IPV6.matcher(value).matches()) {
      problem(key, "expected a plain host name or IP address, got '" + value + "'");
      return null;
    }
    return value;
  }

  String userName(String key, boolean required) {
    String value = string(key, required);
    if (value != null && !USER.matcher(value).matches()) {
      problem(key, "expected a user name (letters, digits, _ . @ -), got '" + value + "'");
      return null;
    }
    return value;
  }

  String url(String key, boolean required) {
    String value = string(key, required);
    if (value != null && !URL.matcher(value).matches()) {
      problem(key, "expected an http:// or https:// URL without spaces or shell characters"
          + " (the value is not repeated: a URL may carry credentials)");
      return null;
    }
    return value;
  }

  int port(String key, int defaultPort) {
    Object value = map.get(key);
    if (value == null) {
      return defaultPort;
    }
    if (value instanceof Integer port && port >= 1 && port <= 65535) {
      return port;
    }
    problem(key, "expected a port number 1-65535, got '" + value + "'");
    return defaultPort;
  }

  boolean bool(String key, boolean defaultValue) {
    Object value = map.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    problem(key, "expected true or false, got '" + value + "'");
    return defaultValue;
  }

  <E extends Enum<E>> E enumValue(String key, Class<E> type, boolean required) {
    String value = string(key, required);
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E constant : type.getEnumConstants()) {
        allowed.add(constant.name().toLowerCase(Locale.ROOT));
      }
      problem(key, "expected one of " + allowed + ", got '" + value + "'");
      return null;
    }
  }

  /** An absolute path to a regular file this service can read. */
  Path readableFile(String key, boolean required) {
    String value = string(key, required);
    if (value == null) {
      return null;
    }
    Path file = Path.of(value);
    if (!file.isAbsolute() || value.contains("..")) {
      problem(key, "expected an absolute path, got '" + value + "'");
      return null;
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      problem(key, "file '" + value + "' does not exist or is not readable by the service");
      return null;
    }
    return file;
  }

  /** A secret: plain text, or ENC(...) decrypted with the master password. Never echoed. */
  Secret secret(String key, boolean required) {
    Object raw = map.get(key);
    if (raw instanceof Map || raw instanceof List) {
      problem(key, "expected a single value (plain or ENC(...)), found a " + (raw instanceof Map ? "mapping" : "list"));
      return null;
    }
    String value = raw == null ? null : raw.toString();
    if (value == null || value.isEmpty()) {
      if (required) {
        problem(key, "is required (plain or ENC(...))");
      }
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.startsWith("ENC(") && trimmed.endsWith(")")) {
      try {
        return Secret.of(cipher.decrypt(trimmed.substring(4, trimmed.length() - 1)));
      } catch (MasterCipher.SecretException e) {
        problem(key, e.getMessage());
        return null;
      }
    }
    return Secret.of(value);
  }

  Fields object(String key, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) {
        problem(key, "is required");
      }
      return null;
    }
    if (!(value instanceof Map<?, ?> child)) {
      problem(key, "expected a mapping (key: value lines)");
      return null;
    }
    return new Fields(stringKeys(child), path(key), problems, cipher);
  }

  List<Fields> objects(String key) {
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      problem(key, "expected a list");
      return List.of();
    }
    List<Fields> result = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof Map<?, ?> child) {
        result.add(new Fields(stringKeys(child), path(key) + "[" + i + "]", problems, cipher));
      } else {
        problems.add(path(key) + "[" + i + "]: expected a mapping (name, address, ...)");
      }
    }
    return result;
  }

  List<String> strings(String key) {
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      problem(key, "expected a list");
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        problems.add(path(key) + "[" + i + "]: expected a single value");
      } else {
        result.add(item.toString().trim());
      }
    }
    return result;
  }

  static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }
}
