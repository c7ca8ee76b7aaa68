package org.upgradeflow.usagemeter;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SHA-1 lines as {@code sha1sum -c} accepts them: GNU ({@code hex  name}, {@code hex *name}),
 * BSD ({@code SHA1 (name) = hex}) and the OVF/OpenSSL manifest form ({@code SHA1(name)= hex}).
 */
final class ChecksumFile {

  private static final Pattern GNU = Pattern.compile("^([0-9a-fA-F]{40}) [ *](.+)$");
  private static final Pattern TAGGED = Pattern.compile("^SHA1 ?\\((.+)\\) ?= ?([0-9a-fA-F]{40})$");

  private ChecksumFile() {
  }

  static Map<String, String> parse(String text) {
    Map<String, String> sums = new HashMap<>();
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      Matcher gnu = GNU.matcher(line);
      Matcher tagged = TAGGED.matcher(line);
      if (gnu.matches()) {
        sums.put(baseName(gnu.group(2)), gnu.group(1).toLowerCase(Locale.ROOT));
      } else if (tagged.matches()) {
        sums.put(baseName(tagged.group(1)), tagged.group(2).toLowerCase(Locale.ROOT));
      }
    }
    return sums;
  }

  private static String baseName(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? name : name.substring(slash + 1);
  }
}
