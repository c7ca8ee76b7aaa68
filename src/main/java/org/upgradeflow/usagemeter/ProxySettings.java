package org.upgradeflow.usagemeter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.upgradeflow.environment.ProxyUrl;

/**
 * The proxy lines of Photon's {@code /etc/sysconfig/proxy}: PROXY_ENABLED, HTTP_PROXY and
 * HTTPS_PROXY set to the environment's proxy (with its user and password when it has them: the
 * appliance's tools read them from there); other lines (NO_PROXY, comments) stay as they are.
 */
final class ProxySettings {

  private ProxySettings() {
  }

  static String apply(String content, String proxy) {
    if (!ProxyUrl.valid(proxy)) {
      // the environment's check refuses this at load; the user info is masked all the same
      throw new IllegalArgumentException("proxy: " + ProxyUrl.EXPECTED + ", got '" + ProxyUrl.masked(proxy) + "'");
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    wanted.put("PROXY_ENABLED", "\"yes\"");
    wanted.put("HTTP_PROXY", "\"" + proxy + "\"");
    wanted.put("HTTPS_PROXY", "\"" + proxy + "\"");
    List<String> lines = new ArrayList<>();
    for (String line : content.split("\\R", -1)) {
      String key = line.contains("=") && !line.strip().startsWith("#") ? line.substring(0, line.indexOf('=')).strip() : null;
      if (key != null && wanted.containsKey(key)) {
        lines.add(key + "=" + wanted.remove(key));
      } else {
        lines.add(line);
      }
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    wanted.forEach((k, v) -> lines.add(k + "=" + v));
    return String.join("\n", lines) + "\n";
  }
}
